package io.liveshop.flashsale;

import io.liveshop.platform.events.StreamEvent;
import java.time.Instant;

public record SaleOpened(long streamId, long saleId, int remaining, Instant endsAt) implements StreamEvent {

    @Override
    public String type() {
        return "sale.open";
    }
}
