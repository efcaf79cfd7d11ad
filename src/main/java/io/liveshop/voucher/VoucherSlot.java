package io.liveshop.voucher;

import java.time.Instant;

/**
 * A voucher's admission state in memory, replaced atomically by cache compute:
 * {@code available + inFlight + claimed == quantity}, where claimed is durable. {@code notLive} is set once a
 * write found the stream no longer LIVE, so later claims are answered from memory.
 */
record VoucherSlot(long voucherId, long sellerId, String code, VoucherKind kind, Long amountMinor, Integer percent,
        long minSpendMinor, int quantity, int perBuyerLimit, Instant startsAt, Instant endsAt, Long streamId,
        boolean dropped, boolean notLive, int available, int inFlight, int claimed) {

    static VoucherSlot of(Voucher v) {
        return new VoucherSlot(v.id, v.sellerId, v.code, v.kind, v.amountMinor, v.percent, v.minSpendMinor, v.quantity,
                v.perBuyerLimit, v.startsAt, v.endsAt, v.streamId, v.droppedAt != null, false,
                v.quantity - v.claimed, 0, v.claimed);
    }

    /** Why a claim cannot be admitted now, or null. */
    ClaimOutcome closed(Instant now) {
        if (!now.isBefore(endsAt)) {
            return ClaimOutcome.ENDED;
        }
        if (now.isBefore(startsAt) || streamId != null && !dropped) {
            return ClaimOutcome.NOT_OPEN;
        }
        if (notLive) {
            return ClaimOutcome.NOT_LIVE;
        }
        return available <= 0 ? ClaimOutcome.GONE : null;
    }

    boolean claimable(Instant now) {
        return closed(now) == null;
    }

    VoucherSlot admitted() {
        return with(dropped, notLive, available - 1, inFlight + 1, claimed);
    }

    VoucherSlot written() {
        return with(dropped, notLive, available, inFlight - 1, claimed + 1);
    }

    VoucherSlot notWritten() {
        return with(dropped, notLive, available + 1, inFlight - 1, claimed);
    }

    VoucherSlot markDropped() {
        return with(true, notLive, available, inFlight, claimed);
    }

    VoucherSlot markNotLive() {
        return with(dropped, true, available, inFlight, claimed);
    }

    private VoucherSlot with(boolean dropped, boolean notLive, int available, int inFlight, int claimed) {
        return new VoucherSlot(voucherId, sellerId, code, kind, amountMinor, percent, minSpendMinor, quantity,
                perBuyerLimit, startsAt, endsAt, streamId, dropped, notLive, available, inFlight, claimed);
    }
}
