package io.liveshop.realtime;

import io.liveshop.platform.events.StreamEvent;

/** The audience of a stream, sent to viewers at most once per interval. */
public record ViewersChanged(long streamId, int live, int peak) implements StreamEvent {

    @Override
    public String type() {
        return "viewers";
    }

    @Override
    public String coalesceKey() {
        return "viewers";
    }
}
