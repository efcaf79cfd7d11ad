package io.liveshop.voucher;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each tick: publishes the remaining count of every dropped voucher that changed (one coalescable event per tick,
 * not one per claim, so a rush costs the audience a few frames), closes vouchers that ran out or ended, and sweeps
 * old claim answers.
 */
@ApplicationScoped
public class VoucherClock {

    private static final class Tracked {
        int published = -1;
        boolean closed;
    }

    private final VoucherAdmission admission;
    private final VoucherEvents events;
    private final Vertx vertx;
    private final long tickMillis;
    private final Map<Long, Tracked> tracked = new ConcurrentHashMap<>();
    private long timer = -1;

    VoucherClock(VoucherAdmission admission, VoucherEvents events, Vertx vertx, VouchersConfig config) {
        this.admission = admission;
        this.events = events;
        this.vertx = vertx;
        this.tickMillis = Math.max(10, config.tick().toMillis());
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(tickMillis, id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void tick() {
        Instant now = Instant.now();
        for (VoucherSlot slot : admission.slots()) {
            if (slot.streamId() == null || !slot.dropped()) {
                continue;
            }
            Tracked t = tracked.computeIfAbsent(slot.voucherId(), k -> new Tracked());
            if (t.closed) {
                continue;
            }
            ClaimOutcome closed = slot.closed(now);
            if (closed != null && slot.inFlight() == 0) {
                t.closed = true;
                events.publish(new VoucherClosed(slot.streamId(), slot.voucherId(), closed));
            } else if (closed == null && slot.available() != t.published) {
                t.published = slot.available();
                events.publish(new VoucherRemaining(slot.streamId(), slot.voucherId(), slot.available(),
                        slot.quantity(), VoucherView.of(slot)));
            }
        }
        admission.sweep(System.currentTimeMillis());
    }
}
