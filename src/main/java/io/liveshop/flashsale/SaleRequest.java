package io.liveshop.flashsale;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/** Start a flash sale. {@code countdownSeconds} is 0 (open now) or 10–300; {@code durationSeconds} 60–1200. */
public record SaleRequest(
        @NotNull @Positive Long streamId,
        @NotNull @Positive Long productId,
        @NotNull @PositiveOrZero @Max(1_000_000_000_00L) Long priceMinor,
        @NotNull @Min(1) @Max(1_000_000) Integer quantity,
        @NotNull @Min(1) @Max(10) Integer perBuyerLimit,
        @Min(0) @Max(300) Integer countdownSeconds,
        @NotNull @Min(60) @Max(1200) Integer durationSeconds) {
}
