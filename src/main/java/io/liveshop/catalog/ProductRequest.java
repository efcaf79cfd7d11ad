package io.liveshop.catalog;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A product as a seller writes it. {@code initialStock} is read on create only; {@code status} may be DRAFT or
 * ACTIVE (archiving has its own endpoint).
 */
public record ProductRequest(
        @NotBlank @Size(max = 200) String title,
        @Size(max = 5000) String description,
        @NotNull @PositiveOrZero @Max(1_000_000_000_00L) Long priceMinor,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency,
        @Size(max = 10) List<@NotBlank @Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String> mediaUrls,
        @Size(max = 20) List<@NotBlank @Pattern(regexp = "#?[\\p{L}\\p{N}_]{1,50}", message = "must be a hashtag of up to 50 letters, digits or _") String> hashtags,
        @PositiveOrZero @Max(1_000_000) Integer initialStock,
        ProductStatus status) {
}
