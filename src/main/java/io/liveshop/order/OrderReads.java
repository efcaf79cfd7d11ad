package io.liveshop.order;

import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.Cursor;
import io.liveshop.platform.cluster.ClusterChanges;
import io.liveshop.platform.events.UserEvent;
import io.liveshop.platform.http.CachedJson;
import io.liveshop.platform.http.HttpCache;
import io.liveshop.platform.http.ReadThrough;
import io.liveshop.platform.http.Versions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A buyer's order pages kept in memory as serialized JSON, read again after any event for that buyer on
 * {@code order-events} (every order write publishes one), or after a payment webhook, which names no buyer. In a
 * cluster the other nodes are told too.
 */
@ApplicationScoped
public class OrderReads {

    private record Key(CurrentUser buyer, long before, int limit) {
    }

    private static final String BUYER = "order.buyer";
    private static final String ALL = "order.all";

    private final Versions<String> buyers = new Versions<>();
    private final AtomicLong epoch = new AtomicLong();
    private final ReadThrough<Key, CachedJson> pages;
    private final ClusterChanges cluster;

    OrderReads(OrderService orders, HttpCache http, ClusterChanges cluster) {
        this.cluster = cluster;
        cluster.on(BUYER, buyers::bump);
        cluster.on(ALL, ignored -> epoch.incrementAndGet());
        pages = new ReadThrough<>(50_000, key -> orders.pageForBuyer(key.buyer(), key.before(), key.limit()).map(http::json));
    }

    public Uni<CachedJson> buyerPage(CurrentUser buyer, String cursor, String limit) {
        return pages.get(new Key(buyer, Cursor.decode(cursor), Cursor.limit(limit)), buyers.of(buyer.id()) + epoch.get());
    }

    @Incoming(OrderEvents.CHANNEL)
    public void on(UserEvent event) {
        buyers.bump(event.userId());
        cluster.publish(BUYER, event.userId());
    }

    /** A webhook changed an order without saying whose: every buyer's pages are read again once. */
    void webhookApplied() {
        epoch.incrementAndGet();
        cluster.publish(ALL, "");
    }
}
