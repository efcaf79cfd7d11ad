package io.liveshop.livestream;

import java.time.Instant;
import java.util.List;

public record StreamView(long id, String hostId, String title, Instant scheduledStart, LiveStreamStatus status,
        Instant wentLiveAt, Instant endedAt, Long pinnedProductId, List<Long> showcase, List<String> coHosts,
        String playbackUrl) {
}
