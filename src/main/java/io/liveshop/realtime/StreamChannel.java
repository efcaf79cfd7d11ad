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
    private Frame cachedSnapshotFrame;
    private long cachedSnapshotSeq = -1;

    StreamChannel(long streamId, int replay, LoopFanout.Sink sink) {
        this.streamId = streamId;
        this.ring = new Frame[replay];
        this.sink = sink;
    }

    /** Stamps the next sequence number and hands the frame to every event loop that has viewers of the stream. */
    synchronized Frame publish(StreamEvent event, FrameEncoder encoder) {
        long start = System.nanoTime();
        Frame frame = encoder.event(++seq, event);
        ring[(int) (seq % ring.length)] = frame;
        if (frame.key() != null) {
            state.remove(frame.key());
            state.put(frame.key(), frame);
        }
        SectionUpdate update = event.section();
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
    synchronized void join(ViewerSession viewer, Long since, boolean sameEpoch, Object stream, String epoch,
            FrameEncoder encoder) {
        if (viewer.closed) {
            return;
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
                cachedSnapshotFrame = Frame.control(
                        encoder.snapshot(seq, epoch, streamId, stream, live, peak, state.values(), sections));
                cachedSnapshotSeq = seq;
            }
            first.add(cachedSnapshotFrame);
        }
        loopOf(viewer.loop).enqueue(new LoopFanout.Join(viewer, first));
        live++;
        peak = Math.max(peak, live);
        audienceChanged = true;
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
        return since >= 0 && since <= seq && seq - since < ring.length;
    }
}
