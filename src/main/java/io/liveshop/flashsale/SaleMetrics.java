package io.liveshop.flashsale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-sale gauges: {@code liveshop.flashsale.invariant} is 1 while the in-memory counters add up and the last
 * reconciliation against the database (GET /api/sales/{id}/invariant) agreed, else 0;
 * {@code liveshop.flashsale.remaining} is the units still buyable.
 */
@ApplicationScoped
public class SaleMetrics {

    private final MeterRegistry registry;
    private final SaleAdmission admission;
    private final Map<Long, Boolean> lastReconciled = new ConcurrentHashMap<>();
    private final Map<BuyOutcome, Counter> attempts = new EnumMap<>(BuyOutcome.class);

    SaleMetrics(MeterRegistry registry, SaleAdmission admission) {
        this.registry = registry;
        this.admission = admission;
        // built once: looking a counter up by name and tags on every buy showed up in the rush profile
        for (BuyOutcome outcome : BuyOutcome.values()) {
            attempts.put(outcome, registry.counter("liveshop.flashsale.buy.attempts", "outcome", outcome.name()));
        }
    }

    void track(long saleId) {
        if (lastReconciled.putIfAbsent(saleId, Boolean.TRUE) != null) {
            return;
        }
        String id = Long.toString(saleId);
        Gauge.builder("liveshop.flashsale.invariant", () -> {
            SaleSlot slot = admission.slot(saleId);
            return slot == null || slot.invariantHolds() && lastReconciled.getOrDefault(saleId, true) ? 1 : 0;
        }).tag("sale", id).register(registry);
        Gauge.builder("liveshop.flashsale.remaining", () -> {
            SaleSlot slot = admission.slot(saleId);
            return slot == null ? 0 : slot.available();
        }).tag("sale", id).register(registry);
    }

    /** Buy attempts by answer (WON, SOLD_OUT, LIMIT_REACHED, …), retries not counted twice. */
    void answered(BuyOutcome outcome) {
        attempts.get(outcome).increment();
    }

    void reconciled(SaleInvariant invariant) {
        lastReconciled.put(invariant.saleId(), invariant.holds());
    }
}
