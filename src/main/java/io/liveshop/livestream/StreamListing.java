package io.liveshop.livestream;

import java.time.Instant;

/** One stream in the public lists of live and upcoming streams. */
public record StreamListing(long id, String title, String hostId, LiveStreamStatus status, Instant scheduledStart,
        Instant wentLiveAt, String playbackUrl, Long pinnedProductId, int viewers) {
}
