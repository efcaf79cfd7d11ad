package io.liveshop.livestream;

import io.liveshop.platform.events.StreamEvent;

/** A showcase product's available stock, for the viewers of one stream. */
public record StockChanged(long streamId, long productId, int stock) implements StreamEvent {

    @Override
    public String type() {
        return "stock";
    }

    @Override
    public String coalesceKey() {
        return "stock:" + productId;
    }
}
