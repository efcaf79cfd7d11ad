package io.liveshop.flashsale;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Drives sales by their stored times: publishes "open" when a countdown ends, settles a sale whose end time has
 * passed (also after a restart), and publishes the remaining quantity at most once per tick and only when it
 * changed, so viewers get a coalesced stream that always ends on the exact value. Admission itself never waits
 * for this clock: it compares the stored times.
 */
@ApplicationScoped
public class SaleClock {

    private static final Logger LOG = Logger.getLogger(SaleClock.class);

    /** What viewers have been told about one sale (touched only from the tick). */
    private static final class Told {
        boolean opened;
        int remaining = -1;
        boolean soldOut;
        boolean settling;
    }

    private final Vertx vertx;
    private final SaleAdmission admission;
    private final FlashSaleService service;
    private final SaleStore store;
    private final SaleEvents events;
    private final FlashSaleConfig config;
    private final Map<Long, Told> told = new ConcurrentHashMap<>();
    private long timer = -1;

    private static final long SWEEP_EVERY_MILLIS = 10_000;
    private long lastSweep = System.currentTimeMillis();

    SaleClock(Vertx vertx, SaleAdmission admission, FlashSaleService service, SaleStore store, SaleEvents events,
            FlashSaleConfig config) {
        this.vertx = vertx;
        this.admission = admission;
        this.service = service;
        this.store = store;
        this.events = events;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(Math.max(10, config.tick().toMillis()), id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void tick() {
        Instant now = Instant.now();
        if (now.toEpochMilli() - lastSweep >= SWEEP_EVERY_MILLIS) {
            lastSweep = now.toEpochMilli();
            admission.sweep(lastSweep);
        }
        for (SaleSlot slot : admission.slots()) {
            try {
                tick(slot, now);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Tick failed for sale %d", slot.saleId());
            }
        }
    }

    private void tick(SaleSlot slot, Instant now) {
        long id = slot.saleId();
        Told t = told.computeIfAbsent(id, k -> new Told());
        if (slot.settled()) {
            return;
        }
        if (!now.isBefore(slot.endsAt())) {
            if (!t.settling) {
                t.settling = true;
                service.settle(id).subscribe().with(s -> told.remove(id), failure -> {
                    LOG.errorf(failure, "Ending sale %d failed; will retry", id);
                    t.settling = false;
                });
            }
            return;
        }
        if (now.isBefore(slot.opensAt())) {
            return;
        }
        if (!t.opened) {
            t.opened = true;
            t.remaining = slot.available();
            events.publish(new SaleOpened(slot.streamId(), id, slot.available(), slot.endsAt(),
                    SaleView.of(slot, now)));
            store.markOpen(id).subscribe().with(x -> { }, f -> LOG.warnf(f, "Marking sale %d open failed", id));
        } else if (slot.available() != t.remaining) {
            t.remaining = slot.available();
            events.publish(new SaleRemaining(slot.streamId(), id, slot.available(), slot.allocated(),
                    SaleView.of(slot, now)));
        }
        if (slot.available() <= 0 && !t.soldOut) {
            t.soldOut = true;
            events.publish(new SaleSoldOut(slot.streamId(), id, SaleView.of(slot, now)));
        } else if (slot.available() > 0) {
            t.soldOut = false;
        }
    }
}
