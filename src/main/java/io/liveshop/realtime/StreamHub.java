package io.liveshop.realtime;

import io.liveshop.livestream.LiveStreamService;
import io.liveshop.livestream.LiveStreamStatus;
import io.liveshop.livestream.StreamSnapshot;
import io.liveshop.livestream.StreamStatusChanged;
import io.liveshop.platform.OnVertxContext;
import io.liveshop.platform.events.SnapshotSection;
import io.liveshop.platform.events.SnapshotSection.SectionItem;
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
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The only gateway to clients: consumes the features' domain events and fans them out to the local connections
 * of each stream (index stream → connections), and delivers user events to that user's own connections.
 */
@ApplicationScoped
public class StreamHub {

    /**
     * Single node: changes on every start, so a resume across a restart gets a snapshot, since sequences restart.
     * In a cluster each stream has its own epoch, kept while any node runs ({@link StreamSequencer}).
     */
    final String epoch = UUID.randomUUID().toString().substring(0, 8);

    private final Map<Long, StreamChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, Set<ViewerSession>> byUser = new ConcurrentHashMap<>();
    /** Streams that ended lately (→ when): events trailing the end (a sale settling) do not bring a channel back. */
    private final Map<Long, Long> ended = new ConcurrentHashMap<>();
    private static final long ENDED_TAIL_NANOS = TimeUnit.MINUTES.toNanos(10);
    private final FrameEncoder encoder;
    private final RealtimeConfig config;
    private final LiveStreamService streams;
    private final Vertx vertx;
    private final List<SnapshotSection> sections = new ArrayList<>();
    private final Counter framesSent;
    private final Counter framesCoalesced;
    private final Counter socketBatches;
    private final Counter slowClosed;
    private final Timer fanoutTimer;
    private long timerId = -1;
    private long pingTimerId = -1;
    private static final int PING_SLICES = 20;
    private long pingRound;

    private final StreamSequencer sequencer;
    private final ClusterAudience clusterAudience;
    private final ClusterUserFrames userFrames;

    StreamHub(FrameEncoder encoder, RealtimeConfig config, LiveStreamService streams, Vertx vertx, MeterRegistry metrics,
            Instance<SnapshotSection> sections, StreamSequencer sequencer, ClusterAudience clusterAudience, ClusterUserFrames userFrames) {
        this.userFrames = userFrames;
        sections.forEach(this.sections::add);
        this.sequencer = sequencer;
        this.clusterAudience = clusterAudience;
        this.encoder = encoder;
        this.config = config;
        this.streams = streams;
        this.vertx = vertx;
        this.framesSent = metrics.counter("liveshop.ws.frames.sent");
        this.framesCoalesced = metrics.counter("liveshop.ws.frames.coalesced");
        this.socketBatches = Counter.builder("liveshop.ws.fanout.socket.batches")
                .description("Sockets written per fan-out batch, summed: frames sent over this is frames per send")
                .register(metrics);
        this.slowClosed = metrics.counter("liveshop.ws.closed.slow");
        this.fanoutTimer = Timer.builder("liveshop.ws.fanout")
                .description("From an event's arrival until every local viewer's socket was handed its frame")
                .publishPercentiles(0.5, 0.99).register(metrics);
        metrics.gauge("liveshop.ws.connections", this, hub -> hub.channels.values().stream()
                .mapToInt(c -> c.audience()[0]).sum());
    }

    void start(@Observes StartupEvent ignored) {
        sequencer.deliverTo(this::deliver);
        userFrames.deliverTo(this::deliverUser);
        timerId = vertx.setPeriodic(config.viewerCountInterval().toMillis(), id -> tick());
        pingTimerId = vertx.setPeriodic(Math.max(1, config.pingInterval().toMillis() / PING_SLICES), id -> ping());
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            vertx.cancelTimer(pingTimerId);
        }
        // A node going away tells its viewers so (1012): they reconnect, to another node, and resume with since/epoch.
        channels.keySet().forEach(streamId -> closeViewers(streamId, 1012, "service restart"));
    }

    @Incoming("livestream-events")
    public void onStreamEvent(StreamEvent event) {
        publish(event);
    }

    @Incoming("sale-events")
    public void onSaleEvent(StreamEvent event) {
        publish(event);
    }

    @Incoming("auction-events")
    public void onAuctionEvent(StreamEvent event) {
        publish(event);
    }

    @Incoming("voucher-events")
    public void onVoucherEvent(StreamEvent event) {
        publish(event);
    }

    @Incoming("order-events")
    public void onUserEvent(UserEvent event) {
        Set<ViewerSession> sessions = byUser.get(event.userId());
        boolean here = sessions != null && !sessions.isEmpty();
        if (!here && !userFrames.enabled()) {
            return;
        }
        byte[] bytes = encoder.user(event);
        if (here) {
            Frame frame = Frame.control(bytes);
            sessions.forEach(s -> s.send(frame));
        }
        if (userFrames.enabled()) {
            userFrames.publish(event.userId(), bytes);
        }
    }

    /** Cluster: a user's frame from another node, for this node's sockets of that user. */
    private void deliverUser(String userId, byte[] bytes) {
        Set<ViewerSession> sessions = byUser.get(userId);
        if (sessions != null && !sessions.isEmpty()) {
            Frame frame = Frame.control(bytes);
            sessions.forEach(s -> s.send(frame));
        }
    }

    void publish(StreamEvent event) {
        if (sequencer.enabled()) {
            sequencer.append(event);
            return;
        }
        long streamId = event.streamId();
        StreamChannel channel = channels.get(streamId);
        if (channel == null) {
            if (ended.containsKey(streamId)) {
                return; // a late event of a show that is over, with nobody watching: nothing to keep
            }
            channel = channel(streamId);
        }
        channel.publish(event, encoder);
        if (event instanceof StreamStatusChanged status && status.status() == LiveStreamStatus.ENDED) {
            ended.put(streamId, System.nanoTime());
            channel.ended = true;
            releaseIfIdle(channel);
        }
    }

    /** An ended stream's channel (replay ring, state, sections, snapshot) goes once its last viewer left. */
    private void releaseIfIdle(StreamChannel channel) {
        if (channel.ended && channel.retireIfIdle()) {
            channels.remove(channel.streamId, channel);
        }
    }

    /** Whether this node holds gateway state for the stream. */
    boolean holds(long streamId) {
        return channels.containsKey(streamId);
    }

    /** Cluster: the stream's next head, heard from the sequencer in order. */
    private void deliver(long streamId, StreamHead head) {
        StreamChannel channel = channels.get(streamId);
        if (channel == null) {
            if (ended.containsKey(streamId)) {
                return; // as in publish: a late event of a show that is over, with nobody watching here
            }
            channel = channel(streamId);
        }
        channel.deliver(head.lastFrame(), head.sectionUpdate(), head::stateFrames);
        if (head.endsStream()) {
            ended.put(streamId, System.nanoTime());
            channel.ended = true;
            releaseIfIdle(channel);
        }
    }

    private final LoopFanout.Sink sink = new LoopFanout.Sink() {
        @Override
        public void delivered(int sent, int coalesced, int sockets) {
            if (sent > 0) {
                framesSent.increment(sent);
                socketBatches.increment(sockets);
            }
            if (coalesced > 0) {
                framesCoalesced.increment(coalesced);
            }
        }

        @Override
        public void published(LoopFanout.Publish publish) {
            fanoutTimer.record(System.nanoTime() - publish.startNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void tooSlow(ViewerSession viewer) {
            dropSlow(viewer);
        }
    };

    /**
     * The stored stream for snapshots, loaded once per stream (joiners of a surge share one query), with the
     * features' snapshot sections, which events keep current from then on.
     */
    Uni<Object> base(long streamId) {
        if (sequencer.enabled() && !channels.containsKey(streamId)) {
            // the stream's cluster-wide epoch must exist before this node's channel does
            return sequencer.ensureHead(streamId).flatMap(head -> localBase(streamId));
        }
        return localBase(streamId);
    }

    private Uni<Object> localBase(long streamId) {
        StreamChannel channel = channel(streamId);
        Uni<Object> base = channel.base;
        if (base == null) {
            base = OnVertxContext.call(vertx, () -> streams.snapshot(streamId))
                    .flatMap(stream -> loadSections(streamId, 0, new LinkedHashMap<>()).map(loaded -> {
                        channel.seed(loaded);
                        return (Object) stream;
                    }))
                    .memoize().indefinitely();
            channel.base = base;
        }
        Uni<Object> loading = base;
        return loading.onFailure().invoke(() -> {
            channel.base = null;
            if (channel.seq() == 0 && channel.audience()[0] == 0) {
                channels.remove(streamId, channel); // no such stream (or no database): keep nothing for it
            }
        });
    }

    /** One section after another: each may open its own database session. */
    private Uni<Map<String, List<SectionItem>>> loadSections(long streamId, int next, Map<String, List<SectionItem>> loaded) {
        if (next == sections.size()) {
            return Uni.createFrom().item(loaded);
        }
        SnapshotSection section = sections.get(next);
        return OnVertxContext.call(vertx, () -> section.load(streamId)).flatMap(items -> {
            loaded.put(section.name(), items);
            return loadSections(streamId, next + 1, loaded);
        });
    }

    void join(ViewerSession viewer, Long since, String clientEpoch, Object stream) {
        boolean over = stream instanceof StreamSnapshot snapshot && snapshot.status() == LiveStreamStatus.ENDED;
        StreamChannel channel = channel(viewer.streamId);
        while (!channel.join(viewer, since, clientEpoch, stream, encoder)) {
            channels.remove(viewer.streamId, channel); // retired by the last viewer's leave: take a fresh one
            channel = channel(viewer.streamId);
        }
        if (over) {
            channel.ended = true;
        }
        if (viewer.user != null) {
            signedIn(viewer);
        }
    }

    /** The viewer's own frames (orders, buy answers) reach it from now on. */
    void signedIn(ViewerSession viewer) {
        byUser.compute(viewer.user.id(), (user, sessions) -> {
            Set<ViewerSession> mine = sessions == null ? ConcurrentHashMap.newKeySet() : sessions;
            mine.add(viewer);
            return mine;
        });
        if (viewer.closed) { // it left meanwhile: leave() marks it closed before it cleans this index
            forgetSession(viewer);
        }
    }

    void leave(ViewerSession viewer) {
        StreamChannel channel = channels.get(viewer.streamId);
        if (channel != null) {
            channel.leave(viewer);
            releaseIfIdle(channel);
        }
        forgetSession(viewer);
    }

    private void forgetSession(ViewerSession viewer) {
        if (viewer.user == null) {
            return;
        }
        byUser.computeIfPresent(viewer.user.id(), (user, sessions) -> {
            sessions.remove(viewer);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /**
     * Closes every local viewer socket of the stream with {@code code} (1012 when a node is drained); viewers
     * reconnect and resume with since/epoch.
     */
    public void closeViewers(long streamId, int code, String reason) {
        StreamChannel channel = channels.get(streamId);
        if (channel != null) {
            channel.forEachViewerOnItsLoop(viewer -> viewer.close(code, reason));
        }
    }

    int[] audience(long streamId) {
        if (clusterAudience.enabled()) {
            return clusterAudience.totals(streamId);
        }
        StreamChannel channel = channels.get(streamId);
        return channel == null ? new int[] { 0, 0 } : channel.audience();
    }

    long seq(long streamId) {
        StreamChannel channel = channels.get(streamId);
        return channel == null ? 0 : channel.seq();
    }

    /** How many event loops hold viewers of the stream (its fan-out partitions). */
    int eventLoops(long streamId) {
        StreamChannel channel = channels.get(streamId);
        return channel == null ? 0 : channel.eventLoops();
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
        if (viewer.closed) {
            return;
        }
        slowClosed.increment();
        viewer.outbox.discard();
        leave(viewer);
        viewer.close(4008, "too slow: reconnect with since to resume");
    }

    /**
     * Once per interval: coalesced audience updates; on each loop, viewers that caught up get what waited, stuck
     * and dead connections are closed.
     */
    private void tick() {
        long now = System.nanoTime();
        long stuck = config.stuckTimeout().toNanos();
        long dead = config.deadAfter().toNanos();
        ended.values().removeIf(at -> now - at > ENDED_TAIL_NANOS);
        if (clusterAudience.enabled()) {
            clusterAudience.round(channels.values(), this::publish);
        }
        for (StreamChannel channel : channels.values()) {
            releaseIfIdle(channel);
            ViewersChanged audience = channel.audienceIfChanged();
            if (audience != null && !clusterAudience.enabled()) {
                publish(audience);
            }
            channel.forEachViewerOnItsLoop(viewer -> {
                long blocked = viewer.outbox.blockedNanos(now);
                if (blocked > stuck) {
                    dropSlow(viewer);
                } else if (now - viewer.lastHeard > dead) {
                    viewer.close(1001, "no heartbeat");
                } else if (blocked > 0) {
                    viewer.outbox.drained();
                }
            });
        }
    }

    /**
     * WebSocket pings; every live client answers with a pong, which keeps its connection alive. Each run pings
     * one slice of the viewers, so a ping interval's 10,000 pings never land in one burst between two events.
     */
    private void ping() {
        int slice = (int) (pingRound++ % PING_SLICES);
        for (StreamChannel channel : channels.values()) {
            channel.forEachViewerOnItsLoop(viewer -> {
                if ((viewer.hashCode() & 0x7fffffff) % PING_SLICES == slice) {
                    viewer.outbox.ping();
                }
            });
        }
    }

    private StreamChannel channel(long streamId) {
        return channels.computeIfAbsent(streamId, id -> {
            StreamHead head = sequencer.enabled() ? sequencer.head(id) : null;
            StreamChannel channel = head == null ? new StreamChannel(id, config.replayBuffer(), sink, epoch)
                    : new StreamChannel(id, config.replayBuffer(), sink, head.epoch(), head.seq(), head.stateFrames());
            channel.ended = ended.containsKey(id);
            return channel;
        });
    }
}
