package io.liveshop.flashsale;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Collects admitted buys for a few milliseconds (or until {@code batchMax}) and writes them with one multi-row
 * insert in one transaction. Batches are written concurrently, so winners do not queue behind each other's
 * round trips; each caller gets its own row's outcome once the transaction committed.
 */
@ApplicationScoped
public class SaleOrderBatcher {

    private static final Logger LOG = Logger.getLogger(SaleOrderBatcher.class);

    private record Pending(SaleStore.NewOrder order, CompletableFuture<SaleStore.Written> result) {
    }

    private final SaleStore store;
    private final Vertx vertx;
    private final FlashSaleConfig config;
    private List<Pending> open = new ArrayList<>();

    SaleOrderBatcher(SaleStore store, Vertx vertx, FlashSaleConfig config) {
        this.store = store;
        this.vertx = vertx;
        this.config = config;
    }

    Uni<SaleStore.Written> submit(SaleStore.NewOrder order) {
        CompletableFuture<SaleStore.Written> result = new CompletableFuture<>();
        List<Pending> full = null;
        boolean first;
        synchronized (this) {
            open.add(new Pending(order, result));
            first = open.size() == 1;
            if (open.size() >= config.batchMax()) {
                full = open;
                open = new ArrayList<>();
            }
        }
        if (full != null) {
            write(full);
        } else if (first) {
            vertx.setTimer(Math.max(1, config.batchWindow().toMillis()), id -> flush());
        }
        return Uni.createFrom().completionStage(result);
    }

    private void flush() {
        List<Pending> batch;
        synchronized (this) {
            if (open.isEmpty()) {
                return;
            }
            batch = open;
            open = new ArrayList<>();
        }
        write(batch);
    }

    private void write(List<Pending> batch) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(config.paymentWindow());
        store.insertOrders(batch.stream().map(Pending::order).toList(), now, expiresAt).subscribe().with(
                written -> {
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).result().complete(written.get(i));
                    }
                },
                failure -> {
                    LOG.errorf(failure, "Writing %d flash-sale orders failed; their units go back", batch.size());
                    batch.forEach(p -> p.result().completeExceptionally(failure));
                });
    }
}
