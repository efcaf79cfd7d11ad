package io.liveshop.flashsale;

import io.liveshop.order.OrderStatus;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Rebuilds admission state from the database: at start-up (after a crash or restart), for a sale admission has
 * not seen yet, and, for settled sales, after every change (their counters mirror the database).
 */
@ApplicationScoped
public class SaleRecovery {

    private static final Logger LOG = Logger.getLogger(SaleRecovery.class);
    private static final Set<OrderStatus> COUNTED = EnumSet.of(OrderStatus.PENDING_PAYMENT, OrderStatus.PAID,
            OrderStatus.SHIPPED, OrderStatus.DELIVERED);

    private final SaleStore store;
    private final SaleAdmission admission;
    private final SaleMetrics metrics;
    private final jakarta.enterprise.inject.Instance<SaleOwners> owners;
    /** Per sale: 0 idle, 1 reloading, 2 reloading and asked again (so the last applied read is the newest). */
    private final Map<Long, AtomicInteger> reloads = new ConcurrentHashMap<>();

    SaleRecovery(SaleStore store, SaleAdmission admission, SaleMetrics metrics,
            jakarta.enterprise.inject.Instance<SaleOwners> owners) {
        this.owners = owners;
        this.store = store;
        this.admission = admission;
        this.metrics = metrics;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) StartupEvent event) {
        int sales = rebuild().await().atMost(Duration.ofMinutes(2));
        LOG.infof("Flash-sale admission rebuilt for %d sales", sales);
    }

    /**
     * Forgets all admission state and loads it again from the database. Meant for start-up: buys in flight
     * while it runs are not accounted for. In a cluster, only the sales this node runs (or that no living node
     * runs, which it claims).
     */
    public Uni<Integer> rebuild() {
        admission.clear();
        return store.activeSaleIds(Instant.now().minus(Duration.ofDays(1)))
                .flatMap(ids -> Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> owners.get().mine(id)
                                .flatMap(mine -> mine ? load(id) : Uni.createFrom().item(false)))
                        .collect().asList()
                        .map(loaded -> (int) loaded.stream().filter(Boolean::booleanValue).count()));
    }

    /** Loads one sale into admission unless it is there already; false if there is no such sale. */
    Uni<Boolean> load(long saleId) {
        return store.sale(saleId).flatMap(sale -> {
            if (sale == null) {
                return Uni.createFrom().item(false);
            }
            return store.counts(saleId).flatMap(counts -> store.saleOrders(saleId).map(orders -> {
                Map<String, Integer> perBuyer = new HashMap<>();
                for (SaleStore.BuyerRow row : orders) {
                    if (COUNTED.contains(OrderStatus.valueOf(row.status()))) {
                        perBuyer.merge(row.buyerId(), 1, Integer::sum);
                    }
                }
                SaleSlot slot = SaleSlot.of(sale, sale.status == SaleStatus.ENDED, counts.allocated(), counts.held(),
                        counts.sold());
                if (!admission.putIfAbsent(slot)) {
                    return true;
                }
                perBuyer.forEach((buyer, n) -> admission.putBuyerCount(saleId, buyer, n));
                for (SaleStore.BuyerRow row : orders) {
                    if (row.key() != null) {
                        admission.rememberAnswer(row.buyerId(), row.key(),
                                BuyAnswer.won(saleId, row.key(), row.orderId(), row.expiresAt()));
                    }
                }
                metrics.track(saleId);
                return true;
            }));
        });
    }

    /** Re-reads a settled sale's counters; concurrent requests collapse into one more read after the current one. */
    void requestReload(long saleId) {
        AtomicInteger state = reloads.computeIfAbsent(saleId, k -> new AtomicInteger());
        if (state.getAndUpdate(s -> s == 0 ? 1 : 2) == 0) {
            runReload(saleId, state);
        }
    }

    /** A released sale: nothing of it stays here. */
    void forget(long saleId) {
        reloads.remove(saleId);
    }

    private void runReload(long saleId, AtomicInteger state) {
        reloadNow(saleId).subscribe().with(x -> afterReload(saleId, state), failure -> {
            LOG.warnf(failure, "Reloading sale %d failed", saleId);
            afterReload(saleId, state);
        });
    }

    private void afterReload(long saleId, AtomicInteger state) {
        if (state.getAndUpdate(s -> s == 2 ? 1 : 0) == 2) {
            runReload(saleId, state);
        }
    }

    Uni<SaleSlot> reloadNow(long saleId) {
        return store.counts(saleId).map(c -> {
            if (c != null) {
                admission.update(saleId, s -> s.mirror(c.allocated(), c.held(), c.sold()));
            }
            return admission.slot(saleId);
        });
    }
}
