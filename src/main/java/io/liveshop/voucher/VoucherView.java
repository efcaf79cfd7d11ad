package io.liveshop.voucher;

import java.time.Instant;

/** A voucher with its claim counts; {@code available} comes from admission memory when the voucher is loaded there. */
public record VoucherView(long id, long sellerId, String code, VoucherKind kind, Long amountMinor, Integer percent,
        long minSpendMinor, int quantity, int claimed, int available, int perBuyerLimit, Instant startsAt,
        Instant endsAt, Long streamId, boolean dropped) {

    static VoucherView of(VoucherSlot s) {
        return new VoucherView(s.voucherId(), s.sellerId(), s.code(), s.kind(), s.amountMinor(), s.percent(),
                s.minSpendMinor(), s.quantity(), s.claimed(), s.available(), s.perBuyerLimit(), s.startsAt(),
                s.endsAt(), s.streamId(), s.dropped());
    }
}
