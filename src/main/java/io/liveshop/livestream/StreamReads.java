package io.liveshop.livestream;

import io.liveshop.platform.cluster.ClusterChanges;
import io.liveshop.platform.events.StreamEvent;
import io.liveshop.platform.http.CachedJson;
import io.liveshop.platform.http.HttpCache;
import io.liveshop.platform.http.ReadThrough;
import io.liveshop.platform.http.Versions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Stream pages kept in memory as serialized JSON. A stream is read from the database on its first request and again
 * after each event that changes its page (status, pin, showcase, co-hosts); stock and product edits do not. In a
 * cluster the other nodes are told too.
 */
@ApplicationScoped
public class StreamReads {

    private static final String STREAM = "stream";

    private final Versions<Long> versions = new Versions<>();
    private final ReadThrough<Long, CachedJson> views;
    private final ClusterChanges cluster;

    StreamReads(LiveStreamService streams, HttpCache http, ClusterChanges cluster) {
        this.cluster = cluster;
        cluster.on(STREAM, id -> versions.bump(Long.parseLong(id)));
        views = new ReadThrough<>(50_000, id -> streams.view(id).map(http::json));
    }

    public Uni<CachedJson> view(long streamId) {
        return views.get(streamId, versions.of(streamId));
    }

    @Incoming("livestream-events")
    public void on(StreamEvent event) {
        if (event instanceof StreamStatusChanged || event instanceof ProductPinned || event instanceof ProductUnpinned
                || event instanceof ShowcaseChanged || event instanceof CoHostsChanged) {
            versions.bump(event.streamId());
            cluster.publish(STREAM, event.streamId());
        }
    }
}
