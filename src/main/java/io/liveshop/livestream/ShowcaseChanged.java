package io.liveshop.livestream;

import io.liveshop.platform.events.StreamEvent;
import java.util.List;

public record ShowcaseChanged(long streamId, List<ProductCard> showcase) implements StreamEvent {

    @Override
    public String type() {
        return "showcase";
    }

    @Override
    public String coalesceKey() {
        return "showcase";
    }
}
