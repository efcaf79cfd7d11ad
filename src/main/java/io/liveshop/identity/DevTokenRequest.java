package io.liveshop.identity;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;

/** Asks the development issuer for a token; a missing subject gets a fresh random user id. */
public record DevTokenRequest(
        @Size(min = 1, max = 64) @Pattern(regexp = "[A-Za-z0-9_.:-]+", message = "letters, digits and _.:- only") String subject,
        @Size(max = 100) String name,
        @NotEmpty @Size(max = 4) Set<@Pattern(regexp = "viewer|host|seller|admin", message = "must be viewer, host, seller or admin") String> roles) {
}
