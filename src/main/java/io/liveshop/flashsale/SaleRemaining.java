package io.liveshop.flashsale;

import io.liveshop.platform.events.StreamEvent;

/** Units still buyable; coalesced per sale (a newer value replaces an undelivered older one). */
public record SaleRemaining(long streamId, long saleId, int remaining, int allocated) implements StreamEvent {

    @Override
    public String type() {
        return "sale.remaining";
    }

    @Override
    public String coalesceKey() {
        return "sale:" + saleId + ":remaining";
    }
}
