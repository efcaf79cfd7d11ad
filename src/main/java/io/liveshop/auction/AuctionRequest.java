package io.liveshop.auction;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * Start an auction of one unit of a showcase product. {@code extensionSeconds} (STANDARD only, default 10) is the
 * anti-sniping window; {@code reservePriceMinor} (optional) is the lowest price that sells.
 */
public record AuctionRequest(
        @NotNull @Positive Long streamId,
        @NotNull @Positive Long productId,
        @NotNull @PositiveOrZero @Max(1_000_000_000_00L) Long startingPriceMinor,
        @NotNull @Min(5) @Max(3600) Integer durationSeconds,
        @NotNull AuctionMode mode,
        @Min(1) @Max(60) Integer extensionSeconds,
        @PositiveOrZero @Max(1_000_000_000_00L) Long reservePriceMinor) {
}
