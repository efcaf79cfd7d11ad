package io.liveshop.voucher;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Instant;

/**
 * A seller's voucher. FIXED takes {@code amountMinor}, PERCENT takes {@code percent} (1–100), never both.
 * {@code streamId} makes it live-only: claimable only on that LIVE stream, after its host dropped it.
 */
public record VoucherRequest(
        @NotNull @Pattern(regexp = "[A-Z0-9_-]{3,32}", message = "must be 3 to 32 of A-Z, 0-9, _ or -") String code,
        @NotNull VoucherKind kind,
        @Positive @Max(1_000_000_000_00L) Long amountMinor,
        @Min(1) @Max(100) Integer percent,
        @PositiveOrZero @Max(1_000_000_000_00L) Long minSpendMinor,
        @NotNull @Min(1) @Max(1_000_000) Integer quantity,
        @NotNull @Min(1) @Max(100) Integer perBuyerLimit,
        @NotNull Instant startsAt,
        @NotNull Instant endsAt,
        @Positive Long streamId) {
}
