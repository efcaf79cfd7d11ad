package io.liveshop.realtime;

import io.liveshop.livestream.AudienceCounts;
import jakarta.enterprise.context.ApplicationScoped;

/** The gateway's audience counts, for the public list of live streams. */
@ApplicationScoped
class HubAudience implements AudienceCounts {

    private final StreamHub hub;

    HubAudience(StreamHub hub) {
        this.hub = hub;
    }

    @Override
    public int live(long streamId) {
        return hub.audience(streamId)[0];
    }
}
