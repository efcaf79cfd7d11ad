package io.liveshop.address;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A new shipping address. {@code country} is an ISO 3166-1 alpha-2 code (checked against the JDK's list);
 * {@code postalCode} is 3 to 10 letters, digits, spaces or hyphens. {@code makeDefault} makes it the default; a
 * buyer's first address is the default anyway.
 */
public record AddressRequest(@NotBlank @Size(max = 120) String name, @NotBlank @Size(max = 200) String line1,
        @Size(max = 200) String line2, @NotBlank @Size(max = 120) String city, @Size(max = 120) String region,
        @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9 -]{1,8}[A-Za-z0-9]", message = "must be 3 to 10 letters, digits, spaces or hyphens") String postalCode,
        @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code such as FR") String country,
        Boolean makeDefault) {
}
