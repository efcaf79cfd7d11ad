package io.liveshop.livestream;

import java.time.Instant;

/** A pin or unpin, {@code offsetMs} after the stream went live: what a replay shows when. */
public record TimelineEntry(String action, Long productId, long offsetMs, Instant at) {
}
