package io.liveshop.realtime;

import io.liveshop.livestream.LiveStreamService;
import io.liveshop.platform.OnVertxContext;
import io.liveshop.platform.events.StreamEvent;
import io.liveshop.platform.events.UserEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The only gateway to clients: consumes the features' domain events and fans them out to the local connections
 * of each stream (index stream → connections), and delivers user events to that user's own connections.
 */
@ApplicationScoped
public class StreamHub {

    /** Changes on every start: a resume across a restart gets a snapshot, since sequences restart. */
    final String epoch = UUID.randomUUID().toString().substring(0, 8);

    private final Map<Long, StreamChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, Set<ViewerSession>> byUser = new ConcurrentHashMap<>();
    private final FrameEncoder encoder;
    private final RealtimeConfig config;
    private final LiveStreamService streams;
    private final Vertx vertx;
    private final Counter framesSent;
    private final Counter framesCoalesced;
    private final Counter slowClosed;
    private final Timer fanoutTimer;
    private long timerId = -1;

    StreamHub(FrameEncoder encoder, RealtimeConfig config, LiveStreamService streams, Vertx vertx, MeterRegistry metrics) {
        this.encoder = encoder;
        this.config = config;
        this.streams = streams;
        this.vertx = vertx;
        this.framesSent = metrics.counter("liveshop.ws.frames.sent");
        this.framesCoalesced = metrics.counter("liveshop.ws.frames.coalesced");
        this.slowClosed = metrics.counter("liveshop.ws.closed.slow");
        this.fanoutTimer = Timer.builder("liveshop.ws.fanout")
                .description("From an event's arrival until every local viewer's socket was handed its frame")
                .publishPercentiles(0.5, 0.99).register(metrics);
        metrics.gauge("liveshop.ws.connections", this, hub -> hub.channels.values().stream()
                .mapToInt(c -> c.viewers.size()).sum());
    }

    void start(@Observes StartupEvent ignored) {
        timerId = vertx.setPeriodic(config.viewerCountInterval().toMillis(), id -> tick());
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    @Incoming("livestream-events")
    public void onStreamEvent(StreamEvent event) {
        publish(event);
    }

    @Incoming("sale-events")
    public void onSaleEvent(StreamEvent event) {
        publish(event);
    }

    @Incoming("order-events")
    public void onUserEvent(UserEvent event) {
        Set<ViewerSession> sessions = byUser.get(event.userId());
        if (sessions != null && !sessions.isEmpty()) {
            byte[] bytes = encoder.user(event);
            sessions.forEach(s -> s.outbox.sendNow(bytes));
        }
    }

    void publish(StreamEvent event) {
        channel(event.streamId()).publish(event, encoder, fanout);
    }

    private final StreamChannel.Fanout fanout = new StreamChannel.Fanout() {
        @Override
        public void deliver(ViewerSession viewer, Frame frame) {
            StreamHub.this.deliver(viewer, frame);
        }

        @Override
        public void done(long startNanos) {
            fanoutTimer.record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    };

    private void deliver(ViewerSession viewer, Frame frame) {
        switch (viewer.outbox.offer(frame)) {
            case SENT -> framesSent.increment();
            case COALESCED -> framesCoalesced.increment();
            case OVERFLOW -> dropSlow(viewer);
            default -> { }
        }
    }

    /** The stored stream for snapshots, loaded once per stream (joiners of a surge share one query). */
    Uni<Object> base(long streamId) {
        StreamChannel channel = channel(streamId);
        Uni<Object> base = channel.base;
        if (base == null) {
            base = OnVertxContext.call(vertx, () -> streams.snapshot(streamId)).map(s -> (Object) s).memoize().indefinitely();
            channel.base = base;
        }
        Uni<Object> loading = base;
        return loading.onFailure().invoke(() -> channel.base = null);
    }

    void join(ViewerSession viewer, Long since, String clientEpoch, Object stream) {
        channel(viewer.streamId).join(viewer, since, epoch.equals(clientEpoch), stream, epoch, encoder);
        byUser.computeIfAbsent(viewer.user.id(), k -> ConcurrentHashMap.newKeySet()).add(viewer);
    }

    void leave(ViewerSession viewer) {
        StreamChannel channel = channels.get(viewer.streamId);
        if (channel != null) {
            channel.leave(viewer);
        }
        Set<ViewerSession> sessions = byUser.get(viewer.user.id());
        if (sessions != null) {
            sessions.remove(viewer);
        }
    }

    int[] audience(long streamId) {
        StreamChannel channel = channels.get(streamId);
        return channel == null ? new int[] { 0, 0 } : channel.audience();
    }

    long seq(long streamId) {
        StreamChannel channel = channels.get(streamId);
        return channel == null ? 0 : channel.seq();
    }

    FrameEncoder encoder() {
        return encoder;
    }

    /**
     * A viewer that cannot keep up leaves the stream at once (no more fan-out, queue released) and is asked to
     * close with 4008 so it resumes. A client that reads nothing never sees the close frame; its socket, whose
     * writes no longer complete, is reaped by the HTTP idle timeout.
     */
    private void dropSlow(ViewerSession viewer) {
        slowClosed.increment();
        viewer.outbox.discard();
        leave(viewer);
        viewer.close(4008, "too slow: reconnect with since to resume");
    }

    /** Once per interval: coalesced audience updates, stuck and dead connections closed. */
    private void tick() {
        long now = System.nanoTime();
        long stuck = config.stuckTimeout().toNanos();
        long dead = config.deadAfter().toNanos();
        for (StreamChannel channel : channels.values()) {
            ViewersChanged audience = channel.audienceIfChanged();
            if (audience != null) {
                publish(audience);
            }
            for (ViewerSession viewer : channel.viewers) {
                if (viewer.outbox.blockedNanos(now) > stuck) {
                    dropSlow(viewer);
                } else if (now - viewer.lastHeard > dead) {
                    viewer.close(1001, "no heartbeat");
                }
            }
        }
    }

    private StreamChannel channel(long streamId) {
        return channels.computeIfAbsent(streamId, id -> new StreamChannel(id, config.replayBuffer()));
    }
}
