package io.liveshop.livestream;

import java.time.Instant;
import java.util.List;

/** The durable part of what a joining viewer needs; the gateway adds sequence, audience and live state. */
public record StreamSnapshot(long streamId, String title, String hostId, LiveStreamStatus status, Instant wentLiveAt,
        ProductCard pinned, List<ProductCard> showcase, String playbackUrl) {
}
