package io.liveshop.livestream;

import io.liveshop.platform.events.StreamEvent;
import java.util.List;

/** The stream's co-hosts after one was added. */
public record CoHostsChanged(long streamId, List<String> coHosts) implements StreamEvent {

    @Override
    public String type() {
        return "cohosts";
    }

    @Override
    public String coalesceKey() {
        return "cohosts";
    }
}
