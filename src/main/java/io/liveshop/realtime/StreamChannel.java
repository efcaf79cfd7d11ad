package io.liveshop.realtime;

import io.liveshop.platform.events.StreamEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's state for one stream on this node: its sequence, the last events for resume, the latest value
 * of every state key (for snapshots), the local viewers and the audience. Sequence assignment and fan-out happen
 * under one lock so every connection receives frames in sequence order.
 */
final class StreamChannel {

    final long streamId;
    private final Frame[] ring;
    private long seq;
    private final Map<String, Frame> state = new LinkedHashMap<>();
    final Set<ViewerSession> viewers = ConcurrentHashMap.newKeySet();
    private int live;
    private int peak;
    private boolean audienceChanged;
    volatile Uni<Object> base;
    private byte[] cachedSnapshot;
    private long cachedSnapshotSeq = -1;

    StreamChannel(long streamId, int replay) {
        this.streamId = streamId;
        this.ring = new Frame[replay];
    }

    interface Fanout {
        void deliver(ViewerSession viewer, Frame frame);

        /** Called once every viewer has been handed the frame. */
        void done(long startNanos);
    }

    /**
     * Stamps the next sequence number and hands the frame to every viewer, one task per event loop that writes to
     * all of that loop's sockets. Tasks are queued under the lock, and each loop runs its tasks in order, so every
     * viewer still receives frames in sequence order.
     */
    synchronized Frame publish(StreamEvent event, FrameEncoder encoder, Fanout fanout) {
        long start = System.nanoTime();
        Frame frame = encoder.event(++seq, event);
        ring[(int) (seq % ring.length)] = frame;
        if (frame.key() != null) {
            state.remove(frame.key());
            state.put(frame.key(), frame);
        }
        Map<Context, List<ViewerSession>> byLoop = new HashMap<>();
        for (ViewerSession viewer : viewers) {
            if (viewer.loop == null) {
                fanout.deliver(viewer, frame);
            } else {
                byLoop.computeIfAbsent(viewer.loop, k -> new ArrayList<>()).add(viewer);
            }
        }
        AtomicInteger pending = new AtomicInteger(byLoop.size());
        if (byLoop.isEmpty()) {
            fanout.done(start);
        }
        byLoop.forEach((loop, batch) -> loop.runOnContext(ignored -> {
            for (ViewerSession viewer : batch) {
                fanout.deliver(viewer, frame);
            }
            if (pending.decrementAndGet() == 0) {
                fanout.done(start);
            }
        }));
        return frame;
    }

    /**
     * Adds a viewer and gives it either the frames after {@code since} (a resume) or a snapshot; atomically with
     * respect to new events, so there is neither a gap nor a duplicate.
     */
    synchronized void join(ViewerSession viewer, Long since, boolean sameEpoch, Object stream, String epoch,
            FrameEncoder encoder) {
        List<byte[]> first = new ArrayList<>();
        if (since != null && sameEpoch && canReplayFrom(since)) {
            for (long s = since + 1; s <= seq; s++) {
                first.add(ring[(int) (s % ring.length)].bytes());
            }
            first.add(encoder.control("resumed", Map.of("from", since, "upTo", seq, "epoch", epoch)));
        } else {
            if (cachedSnapshotSeq != seq) {
                cachedSnapshot = encoder.snapshot(seq, epoch, streamId, stream, live, peak, state.values());
                cachedSnapshotSeq = seq;
            }
            first.add(cachedSnapshot);
        }
        first.forEach(viewer.outbox::sendNow);
        viewers.add(viewer);
        live++;
        peak = Math.max(peak, live);
        audienceChanged = true;
    }

    synchronized void leave(ViewerSession viewer) {
        if (viewers.remove(viewer)) {
            live--;
            audienceChanged = true;
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

    private boolean canReplayFrom(long since) {
        return since >= 0 && since <= seq && seq - since < ring.length;
    }
}
