package io.liveshop.auction;

import io.liveshop.livestream.CoHostsChanged;
import io.liveshop.platform.OnVertxContext;
import io.liveshop.platform.cluster.ClusterChanges;
import io.liveshop.platform.events.StreamEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * A co-host named while an auction runs may not bid on it from then on: this node's auctions learn it from the
 * stream's {@code cohosts} event; in a cluster the other nodes hear a change notice and read the co-hosts again.
 */
@ApplicationScoped
class AuctionCoHosts {

    private static final Logger LOG = Logger.getLogger(AuctionCoHosts.class);
    private static final String TOPIC = "auction-cohosts";

    private final AuctionService auctions;
    private final AuctionStore store;
    private final ClusterChanges cluster;
    private final Vertx vertx;

    AuctionCoHosts(AuctionService auctions, AuctionStore store, ClusterChanges cluster, Vertx vertx) {
        this.auctions = auctions;
        this.store = store;
        this.cluster = cluster;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        cluster.on(TOPIC, id -> reload(Long.parseLong(id)));
    }

    @Incoming("livestream-events")
    public void on(StreamEvent event) {
        if (event instanceof CoHostsChanged changed) {
            auctions.exclude(changed.streamId(), changed.coHosts());
            cluster.publish(TOPIC, changed.streamId());
        }
    }

    private void reload(long streamId) {
        if (!auctions.runsAuctionOf(streamId)) {
            return;
        }
        OnVertxContext.call(vertx, () -> store.coHosts(streamId)).subscribe().with(
                coHosts -> auctions.exclude(streamId, coHosts),
                e -> LOG.warnf("Co-hosts of stream %d not read again: %s", streamId, e.getMessage()));
    }
}
