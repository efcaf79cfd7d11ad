package io.liveshop.voucher;

/**
 * Memory reconciled against the database for one voucher. {@code holds} requires
 * {@code claimed + available == quantity} (claimed counted from the claim rows, equal to the voucher's counter),
 * memory agreeing with the database once no claim is in flight, {@code used <= claimed}, and no buyer above the
 * per-buyer limit.
 */
public record VoucherInvariant(long voucherId, boolean holds, int quantity, int claimed, int available, int used,
        int inFlight, int memoryClaimed, int maxPerBuyer, int perBuyerLimit) {

    static VoucherInvariant of(VoucherSlot slot, VoucherStore.Counts db) {
        boolean counterOk = db.claims() == db.claimedColumn();
        boolean memoryOk = slot.available() >= 0 && slot.inFlight() >= 0
                && slot.available() + slot.inFlight() + slot.claimed() == slot.quantity();
        boolean sidesAgree = slot.inFlight() > 0 || slot.claimed() == db.claims();
        int available = slot.inFlight() > 0 ? slot.available() + slot.inFlight() : slot.available();
        boolean sums = slot.inFlight() > 0 || db.claims() + available == db.quantity();
        boolean holds = counterOk && memoryOk && sidesAgree && sums && db.used() <= db.claims()
                && db.maxPerBuyer() <= slot.perBuyerLimit();
        return new VoucherInvariant(slot.voucherId(), holds, db.quantity(), db.claims(), available, db.used(),
                slot.inFlight(), slot.claimed(), db.maxPerBuyer(), slot.perBuyerLimit());
    }
}
