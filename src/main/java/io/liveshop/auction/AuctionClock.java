package io.liveshop.auction;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * At start-up, resumes running auctions from the database (ends kept; those whose end passed while the server was
 * down are closed from their accepted bids); then sweeps retained answers and closed auctions every 10 s.
 */
@ApplicationScoped
class AuctionClock {

    private static final Logger LOG = Logger.getLogger(AuctionClock.class);

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 110) StartupEvent event, AuctionService auctions,
            Vertx vertx) {
        int running = auctions.recover().await().atMost(Duration.ofMinutes(2));
        LOG.infof("Auctions resumed: %d running", running);
        vertx.setPeriodic(10_000, id -> auctions.sweep(System.currentTimeMillis()));
    }
}
