package io.liveshop.identity;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;

/** Mints {@code count} synthetic users named {@code prefix-1 … prefix-count} in one call, for load tests. */
public record DevTokenBatchRequest(
        @NotNull @Size(min = 1, max = 40) @Pattern(regexp = "[A-Za-z0-9_.:-]+", message = "letters, digits and _.:- only") String prefix,
        @NotNull @Min(1) @Max(20000) Integer count,
        @NotEmpty @Size(max = 4) Set<@Pattern(regexp = "viewer|host|seller|admin", message = "must be viewer, host, seller or admin") String> roles) {
}
