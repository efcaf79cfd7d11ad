package io.liveshop.livestream;

import io.liveshop.platform.events.StreamEvent;

public record ProductPinned(long streamId, ProductCard product, long offsetMs) implements StreamEvent {

    @Override
    public String type() {
        return "pinned";
    }

    @Override
    public String coalesceKey() {
        return "pin";
    }
}
