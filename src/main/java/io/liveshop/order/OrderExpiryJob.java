package io.liveshop.order;

import io.liveshop.platform.DatabaseFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Expires unpaid orders in batches; runs on the event loop (it only chains non-blocking database calls). */
@ApplicationScoped
public class OrderExpiryJob {

    static final int BATCH = 500;
    private static final Logger LOG = Logger.getLogger(OrderExpiryJob.class);

    private final OrderService orders;
    private final Counter expired;

    OrderExpiryJob(OrderService orders, MeterRegistry metrics) {
        this.orders = orders;
        this.expired = metrics.counter("liveshop.orders.expired");
    }

    @Scheduled(every = "${liveshop.orders.expiry-sweep}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return orders.expireDue(BATCH).invoke(list -> expired.increment(list.size())).replaceWithVoid()
                .onFailure(DatabaseFailures::unavailable).recoverWithItem(failure -> {
                    // the next sweep picks the due orders up once the database is back
                    LOG.warnf("Expiring unpaid orders skipped, the database is unavailable: %s", failure.getMessage());
                    return null;
                });
    }
}
