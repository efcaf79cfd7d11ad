package io.liveshop.flashsale;

import io.liveshop.platform.events.StreamEvent;

public record SaleSoldOut(long streamId, long saleId) implements StreamEvent {

    @Override
    public String type() {
        return "sale.sold-out";
    }
}
