package io.liveshop.auction;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Positive;

/** Exactly one of: a bid at {@code amountMinor}, or a max bid the system bids up to ({@code maxAmountMinor}). */
public record BidRequest(
        @Positive @Max(1_000_000_000_00L) Long amountMinor,
        @Positive @Max(1_000_000_000_00L) Long maxAmountMinor) {
}
