package io.liveshop.livestream;

import io.liveshop.platform.events.StreamEvent;

/** Going live is sent as {@code status}; the end of the stream as {@code ended}. */
public record StreamStatusChanged(long streamId, LiveStreamStatus status) implements StreamEvent {

    @Override
    public String type() {
        return status == LiveStreamStatus.ENDED ? "ended" : "status";
    }

    @Override
    public String coalesceKey() {
        return "status";
    }
}
