package io.liveshop.livestream;

import io.liveshop.platform.events.StreamEvent;

public record ProductUnpinned(long streamId, long productId, long offsetMs) implements StreamEvent {

    @Override
    public String type() {
        return "unpinned";
    }

    @Override
    public String coalesceKey() {
        return "pin";
    }
}
