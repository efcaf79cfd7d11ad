package io.liveshop.flashsale;

import java.time.Instant;

/**
 * The in-memory admission state of one sale, replaced atomically by cache compute. Units are either available,
 * in flight (admitted, order being written), held (pending payment) or sold:
 * {@code available + inFlight + held + sold == allocated}. Once {@code settled} (ending or ended) nothing is
 * admitted and the counters mirror the database (reloaded after each change).
 */
record SaleSlot(long saleId, long streamId, long productId, long sellerId, String title, long priceMinor,
        String currency, int perBuyerLimit, Instant opensAt, Instant endsAt, boolean settled, int allocated,
        int available, int inFlight, int held, int sold) {

    static SaleSlot of(FlashSale s, boolean settled, int allocated, int held, int sold) {
        return new SaleSlot(s.id, s.streamId, s.productId, s.sellerId, s.title, s.priceMinor, s.currency,
                s.perBuyerLimit, s.opensAt, s.endsAt, settled, allocated, allocated - held - sold, 0, held, sold);
    }

    boolean invariantHolds() {
        return available >= 0 && inFlight >= 0 && held >= 0 && sold >= 0
                && (settled || available + inFlight + held + sold == allocated);
    }

    SaleStatus status(Instant now) {
        if (settled || !now.isBefore(endsAt)) {
            return SaleStatus.ENDED;
        }
        return now.isBefore(opensAt) ? SaleStatus.ANNOUNCED : SaleStatus.OPEN;
    }

    SaleSlot admitted() {
        return with(settled, allocated, available - 1, inFlight + 1, held, sold);
    }

    SaleSlot written() {
        return with(settled, allocated, available, inFlight - 1, held + 1, sold);
    }

    /** An admitted unit whose order was not written: back to available, unless the database already took it back. */
    SaleSlot notWritten() {
        return settled ? with(true, allocated, available, inFlight - 1, held, sold)
                : with(false, allocated, available + 1, inFlight - 1, held, sold);
    }

    SaleSlot paid() {
        return with(settled, allocated, available, inFlight, held - 1, sold + 1);
    }

    SaleSlot holdReleased() {
        return with(settled, allocated, available + 1, inFlight, held - 1, sold);
    }

    SaleSlot saleRefunded() {
        return with(settled, allocated, available + 1, inFlight, held, sold - 1);
    }

    SaleSlot settling() {
        return with(true, allocated, available, inFlight, held, sold);
    }

    /** An end that failed to commit: the sale runs again until the end is retried (past endsAt it admits nobody). */
    SaleSlot unsettled() {
        return with(false, allocated, available, inFlight, held, sold);
    }

    SaleSlot mirror(int dbAllocated, int dbHeld, int dbSold) {
        return with(settled, dbAllocated, dbAllocated - dbHeld - dbSold, inFlight, dbHeld, dbSold);
    }

    private SaleSlot with(boolean settled, int allocated, int available, int inFlight, int held, int sold) {
        return new SaleSlot(saleId, streamId, productId, sellerId, title, priceMinor, currency, perBuyerLimit, opensAt,
                endsAt, settled, allocated, available, inFlight, held, sold);
    }
}
