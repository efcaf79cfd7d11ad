package io.liveshop.flashsale;

/**
 * Memory reconciled against the database for one sale. {@code holds} requires
 * {@code available + held + sold == allocated} on both sides, equal sides once no order is in flight, and no
 * buyer above the per-buyer limit.
 */
public record SaleInvariant(long saleId, boolean holds, Side memory, Side database, int inFlight, int returned,
        int maxPerBuyer, int perBuyerLimit) {

    public record Side(int allocated, int available, int held, int sold) {
    }

    static SaleInvariant of(SaleSlot slot, SaleStore.Counts db) {
        Side memory = new Side(slot.allocated(), slot.available(), slot.held(), slot.sold());
        Side database = new Side(db.allocated(), db.allocated() - db.held() - db.sold(), db.held(), db.sold());
        boolean dbOk = database.available() >= 0;
        boolean memoryOk = slot.invariantHolds()
                && memory.available() + slot.inFlight() + memory.held() + memory.sold() == memory.allocated();
        boolean sidesAgree = slot.inFlight() > 0 || memory.equals(database);
        boolean limitOk = db.maxPerBuyer() <= slot.perBuyerLimit();
        return new SaleInvariant(slot.saleId(), dbOk && memoryOk && sidesAgree && limitOk, memory, database,
                slot.inFlight(), db.returned(), db.maxPerBuyer(), slot.perBuyerLimit());
    }
}
