package io.liveshop.flashsale;

import java.time.Instant;

/** A sale as anyone sees it, with live counters from admission. */
public record SaleView(long id, long streamId, long productId, String title, long priceMinor, String currency,
        SaleStatus status, boolean soldOut, int allocated, int remaining, int held, int sold, int perBuyerLimit,
        Instant opensAt, Instant endsAt) {

    static SaleView of(SaleSlot s, Instant now) {
        SaleStatus status = s.status(now);
        return new SaleView(s.saleId(), s.streamId(), s.productId(), s.title(), s.priceMinor(), s.currency(), status,
                status == SaleStatus.OPEN && s.available() <= 0, s.allocated(),
                status == SaleStatus.ENDED ? 0 : s.available(), s.held() + s.inFlight(), s.sold(), s.perBuyerLimit(),
                s.opensAt(), s.endsAt());
    }
}
