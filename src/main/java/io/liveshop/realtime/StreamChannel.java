package io.liveshop.realtime;

import io.liveshop.platform.events.SnapshotSection.SectionItem;
import io.liveshop.platform.events.SnapshotSection.SectionUpdate;
import io.liveshop.platform.events.StreamEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The gateway's state for one stream on this node: its sequence, the last events for resume, the latest value
 * of every state key (for snapshots), the local viewers (partitioned by event loop once, at join) and the
 * audience. Sequence assignment, joins, leaves and the hand-off to each loop happen under one lock, and each
 * loop works through its queue in order, so every connection receives frames in sequence order.
 */
final class StreamChannel {

    final long streamId;
    private final Frame[] ring;
    private final LoopFanout.Sink sink;
    private long seq;
    /** The stream's epoch: this node's start in a single node, the cluster-wide stream's in a cluster. */
    final String epoch;
    /** Frames after this sequence number are in the ring (a node that joined a running stream starts later). */
    private long floor;
    private final Map<String, Frame> state = new LinkedHashMap<>();
    /** Snapshot sections (section → key → item), kept current by events; seeded once from the features' loads. */
    private final Map<String, LinkedHashMap<String, Object>> sections = new HashMap<>();
    /** Section keys an event removed, so a slower seed load cannot bring them back. */
    private final Set<String> removedKeys = new HashSet<>();
    private volatile LoopFanout[] loops = new LoopFanout[0];
    private int live;
    private int peak;
    private boolean audienceChanged;
    volatile Uni<Object> base;
    /** The stream ended: once nobody watches, the hub lets go of this channel. */
    volatile boolean ended;
    private boolean retired;
    /** Cluster: the stream's audience over all nodes (live, peak), shown in snapshots instead of this node's. */
    volatile int[] clusterAudience;
    private Frame cachedSnapshotFrame;
    private long cachedSnapshotSeq = -1;

    StreamChannel(long streamId, int replay, LoopFanout.Sink sink, String epoch) {
        this.streamId = streamId;
        this.ring = new Frame[replay];
        this.sink = sink;
        this.epoch = epoch;
    }

    /** A cluster node picking up a running stream: its sequence and state so far (see StreamSequencer). */
    StreamChannel(long streamId, int replay, LoopFanout.Sink sink, String epoch, long seq, Map<String, Frame> state) {
        this(streamId, replay, sink, epoch);
        this.seq = seq;
        this.floor = seq;
        this.state.putAll(state);
    }

    /** Stamps the next sequence number and hands the frame to every event loop that has viewers of the stream. */
    synchronized Frame publish(StreamEvent event, FrameEncoder encoder) {
        long start = System.nanoTime();
        return fanOut(encoder.event(++seq, event), event.section(), start);
    }

    /**
     * Cluster: a frame the stream's cluster-wide sequence already stamped, with the stream's state after it.
     * Frames arrive in order once each; an older one is ignored, and after a gap (never expected) the state is
     * taken over and older resumes get a snapshot.
     */
    synchronized void deliver(Frame frame, SectionUpdate update, Supplier<Map<String, Frame>> stateAfter) {
        if (frame.seq() <= seq) {
            return;
        }
        if (frame.seq() != seq + 1) {
            state.clear();
            state.putAll(stateAfter.get());
            floor = frame.seq() - 1;
        }
        seq = frame.seq();
        fanOut(frame, update, System.nanoTime());
    }

    private Frame fanOut(Frame frame, SectionUpdate update, long start) {
        ring[(int) (seq % ring.length)] = frame;
        if (frame.key() != null) {
            state.remove(frame.key());
            state.put(frame.key(), frame);
        }
        if (update != null) {
            apply(update);
        }
        LoopFanout[] targets = loops;
        LoopFanout.Publish publish = new LoopFanout.Publish(frame, start, new AtomicInteger(targets.length));
        if (targets.length == 0) {
            sink.published(publish);
        }
        for (LoopFanout loop : targets) {
            loop.enqueue(publish);
        }
        return frame;
    }

    /**
     * Adds a viewer and gives it either the frames after {@code since} (a resume) or a snapshot; atomically with
     * respect to new events, so there is neither a gap nor a duplicate.
     */
    synchronized boolean join(ViewerSession viewer, Long since, String clientEpoch, Object stream, FrameEncoder encoder) {
        if (retired) {
            return false;
        }
        boolean sameEpoch = epoch.equals(clientEpoch);
        if (viewer.closed) {
            return true;
        }
        viewer.joined = true;
        List<Frame> first = new ArrayList<>();
        if (since != null && sameEpoch && canReplayFrom(since)) {
            for (long s = since + 1; s <= seq; s++) {
                first.add(ring[(int) (s % ring.length)]);
            }
            first.add(Frame.control(encoder.control("resumed", Map.of("from", since, "upTo", seq, "epoch", epoch))));
        } else {
            if (cachedSnapshotSeq != seq) {
                int[] audience = clusterAudience == null ? new int[] { live, peak } : clusterAudience;
                cachedSnapshotFrame = Frame.control(
                        encoder.snapshot(seq, epoch, streamId, stream, audience[0], audience[1], state.values(),
                                sections));
                cachedSnapshotSeq = seq;
            }
            first.add(cachedSnapshotFrame);
        }
        loopOf(viewer.loop).enqueue(new LoopFanout.Join(viewer, first, seq));
        live++;
        peak = Math.max(peak, live);
        audienceChanged = true;
        return true;
    }

    /** Adds what the features loaded, except keys an event already set or removed (the event is newer). */
    synchronized void seed(Map<String, List<SectionItem>> loaded) {
        loaded.forEach((section, items) -> {
            LinkedHashMap<String, Object> current = sections.computeIfAbsent(section, k -> new LinkedHashMap<>());
            for (SectionItem item : items) {
                if (!current.containsKey(item.key()) && !removedKeys.contains(section + '/' + item.key())) {
                    current.put(item.key(), item.item());
                }
            }
        });
        cachedSnapshotSeq = -1;
    }

    private void apply(SectionUpdate update) {
        LinkedHashMap<String, Object> current = sections.computeIfAbsent(update.section(), k -> new LinkedHashMap<>());
        if (update.item() == null) {
            current.remove(update.key());
            removedKeys.add(update.section() + '/' + update.key());
        } else {
            current.put(update.key(), update.item());
        }
    }

    /** Retires the channel of an ended stream nobody watches; a retired channel takes no viewer (join is false). */
    synchronized boolean retireIfIdle() {
        if (ended && live == 0) {
            retired = true;
        }
        return retired;
    }

    synchronized void leave(ViewerSession viewer) {
        viewer.closed = true;
        if (viewer.joined) {
            viewer.joined = false;
            loopOf(viewer.loop).enqueue(new LoopFanout.Leave(viewer));
            live--;
            audienceChanged = true;
        }
    }

    /** Runs {@code action} on each loop for that loop's viewers of this stream. */
    void forEachViewerOnItsLoop(Consumer<ViewerSession> action) {
        for (LoopFanout loop : loops) {
            loop.loop.runOnContext(ignored -> loop.forEachViewer(action));
        }
    }

    /** The audience if it changed since the last call, else null: viewers hear it at most once per tick. */
    synchronized ViewersChanged audienceIfChanged() {
        if (!audienceChanged) {
            return null;
        }
        audienceChanged = false;
        return new ViewersChanged(streamId, live, peak);
    }

    synchronized int[] audience() {
        return new int[] { live, peak };
    }

    synchronized long seq() {
        return seq;
    }

    int eventLoops() {
        return loops.length;
    }

    private LoopFanout loopOf(Context context) {
        for (LoopFanout loop : loops) {
            if (loop.loop == context) {
                return loop;
            }
        }
        LoopFanout added = new LoopFanout(context, sink);
        LoopFanout[] grown = Arrays.copyOf(loops, loops.length + 1);
        grown[loops.length] = added;
        loops = grown;
        return added;
    }

    private boolean canReplayFrom(long since) {
        return since >= floor && since <= seq && seq - since < ring.length;
    }
}
