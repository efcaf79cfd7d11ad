package io.liveshop.order;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Expires unpaid orders in batches; runs on the event loop (it only chains non-blocking database calls). */
@ApplicationScoped
public class OrderExpiryJob {

    static final int BATCH = 500;

    private final OrderService orders;

    OrderExpiryJob(OrderService orders) {
        this.orders = orders;
    }

    @Scheduled(every = "${liveshop.orders.expiry-sweep}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return orders.expireDue(BATCH).replaceWithVoid();
    }
}
