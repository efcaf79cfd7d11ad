package io.liveshop.flashsale;

import io.micrometer.core.instrument.Counter;
import io.liveshop.platform.events.StreamEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Per-sale gauges: {@code liveshop.flashsale.invariant} is 1 while the in-memory counters add up and the last
 * reconciliation against the database (GET /api/sales/{id}/invariant) agreed, else 0;
 * {@code liveshop.flashsale.remaining} is the units still buyable. Both exist while the sale runs: they are
 * removed when it ends, so ended sales hold no meters.
 */
@ApplicationScoped
public class SaleMetrics {

    private final MeterRegistry registry;
    private final SaleAdmission admission;
    private final Map<Long, Boolean> lastReconciled = new ConcurrentHashMap<>();
    private final Map<BuyOutcome, Counter> attempts = new EnumMap<>(BuyOutcome.class);
    private final Map<Long, List<Meter>> gauges = new ConcurrentHashMap<>();

    SaleMetrics(MeterRegistry registry, SaleAdmission admission) {
        this.registry = registry;
        this.admission = admission;
        // built once: looking a counter up by name and tags on every buy showed up in the rush profile
        for (BuyOutcome outcome : BuyOutcome.values()) {
            attempts.put(outcome, registry.counter("liveshop.flashsale.buy.attempts", "outcome", outcome.name()));
        }
    }

    void track(long saleId) {
        SaleSlot current = admission.slot(saleId);
        if (current != null && current.settled()) {
            return;
        }
        gauges.computeIfAbsent(saleId, id -> {
            String tag = Long.toString(id);
            Gauge invariant = Gauge.builder("liveshop.flashsale.invariant", () -> {
                SaleSlot slot = admission.slot(id);
                return slot == null || slot.invariantHolds() && lastReconciled.getOrDefault(id, true) ? 1 : 0;
            }).tag("sale", tag).register(registry);
            Gauge remaining = Gauge.builder("liveshop.flashsale.remaining", () -> {
                SaleSlot slot = admission.slot(id);
                return slot == null ? 0 : slot.available();
            }).tag("sale", tag).register(registry);
            return List.of(invariant, remaining);
        });
    }

    @Incoming(SaleEvents.CHANNEL)
    void onSaleEvent(StreamEvent event) {
        if (event instanceof SaleEnded ended) {
            untrack(ended.saleId());
        }
    }

    void untrack(long saleId) {
        List<Meter> meters = gauges.remove(saleId);
        if (meters != null) {
            meters.forEach(registry::remove);
        }
        lastReconciled.remove(saleId);
    }

    /** Buy attempts by answer (WON, SOLD_OUT, LIMIT_REACHED, …), retries not counted twice. */
    void answered(BuyOutcome outcome) {
        attempts.get(outcome).increment();
    }

    void reconciled(SaleInvariant invariant) {
        if (gauges.containsKey(invariant.saleId())) {
            lastReconciled.put(invariant.saleId(), invariant.holds());
        }
    }
}
