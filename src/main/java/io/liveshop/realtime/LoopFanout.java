package io.liveshop.realtime;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The viewers of one stream whose sockets live on one event loop, and the work queued for them. The stream
 * enqueues events, joins and leaves in sequence order (under its lock); one task on the loop drains the queue
 * and sweeps the viewers, a chunk at a time, round and round while frames are being delivered.
 * <p>
 * A frame joins the sweep where it is when the frame arrives and is done once the sweep has come round to that
 * place again: every viewer visited meanwhile gets every frame in flight, written in sequence order, then one
 * flush, so events that come close together share one send per socket, and a new event never waits for the
 * previous one to reach everybody before it starts going out. Each viewer remembers the last sequence number it
 * was given (its snapshot's, when it joined), so a joiner gets exactly the frames after its snapshot. A viewer
 * that leaves mid-sweep leaves a hole, closed up once nothing is in flight. No per-viewer allocation, no lambdas
 * per viewer, meters counted once per chunk. A viewer due several frames gets them joined in one buffer, built
 * once per set of frames in flight and shared like a single frame.
 */
final class LoopFanout {

    /** One published event; the last loop to deliver it reports the fan-out time. */
    record Publish(Frame frame, long startNanos, AtomicInteger loopsLeft) {
    }

    /** A viewer and its first frames, which cover the stream up to sequence number {@code upTo}. */
    record Join(ViewerSession viewer, List<Frame> first, long upTo) {
    }

    record Leave(ViewerSession viewer) {
    }

    interface Sink {
        /**
         * Counts for one chunk, so meters are touched once per chunk, not per delivery: frames written, frames
         * coalesced, and sockets written (one send each), whose ratio to frames is the batching the kernel sees.
         */
        void delivered(int sent, int coalesced, int sockets);

        void published(Publish publish);

        void tooSlow(ViewerSession viewer);
    }

    /** A frame being delivered: the sweep position it started from, and whether the sweep has wrapped since. */
    private static final class InFlight {
        final Publish publish;
        final int from;
        boolean wrapped;

        InFlight(Publish publish, int from) {
            this.publish = publish;
            this.from = from;
        }
    }

    private static final int CHUNK = 128;

    final Context loop;
    private final Sink sink;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Oldest first; they also finish in this order (each after exactly one round). */
    private final ArrayList<InFlight> inFlight = new ArrayList<>();
    private final ArrayList<ViewerSession> slow = new ArrayList<>();
    /**
     * The frames in flight from index i to the last, joined into one buffer (built on first use, dropped when the
     * frames in flight change): a viewer visited with several frames due gets them in one write, not one per frame.
     */
    private ByteBuf[] joinedFrom = new ByteBuf[8];
    private ViewerSession[] viewers = new ViewerSession[16];
    /** Slots in use, holes included. */
    private int size;
    private int holes;
    /** The next slot the sweep visits. */
    private int cursor;
    /** Any socket of this loop: its Netty executor is the loop's. */
    private WireSocket anySocket;

    LoopFanout(Context loop, Sink sink) {
        this.loop = loop;
        this.sink = sink;
    }

    void enqueue(Object work) {
        queue.add(work);
        if (scheduled.compareAndSet(false, true)) {
            loop.runOnContext(ignored -> drain());
        }
    }

    /** Runs on the loop: the viewers of this partition, for heartbeats and sweeps. */
    void forEachViewer(java.util.function.Consumer<ViewerSession> action) {
        for (int i = 0; i < size; i++) {
            if (viewers[i] != null) {
                action.accept(viewers[i]);
            }
        }
    }

    private void drain() {
        while (true) {
            takeQueued();
            if (inFlight.isEmpty()) {
                scheduled.set(false);
                if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            sweepChunk();
            if (!inFlight.isEmpty()) {
                continueAfterIo();
                return;
            }
        }
    }

    /** Everything queued, in order: events join the sweep, joiners get their first frames and a slot. */
    private void takeQueued() {
        Object work;
        while ((work = queue.poll()) != null) {
            if (work instanceof Publish publish) {
                if (cursor >= size) {
                    wrap();
                }
                inFlight.add(new InFlight(publish, cursor));
                forgetJoined();
            } else if (work instanceof Join join) {
                ViewerSession viewer = join.viewer();
                join.first().forEach(viewer.outbox::sendNow);
                viewer.fanoutSeq = join.upTo();
                add(viewer);
            } else if (work instanceof Leave leave) {
                remove(leave.viewer());
            }
        }
    }

    /**
     * The rest of the round goes out after the loop has handled its ready I/O (a pin's database reply, the next
     * host command), so host commands land during a fan-out and their events join the sweep at once.
     */
    private void continueAfterIo() {
        if (anySocket == null) {
            loop.runOnContext(ignored -> drain());
        } else {
            anySocket.afterPendingIo(() -> loop.runOnContext(ignored -> drain()));
        }
    }

    /**
     * Visits the next chunk of viewers, stopping where the oldest frame in flight started if it has come round:
     * that frame is then done. Chunks keep the loop responsive: HTTP requests and database replies on it are
     * handled between chunks, not after 10,000 writes.
     */
    private void sweepChunk() {
        InFlight oldest = inFlight.get(0);
        int end = Math.min(size, cursor + CHUNK);
        if (oldest.wrapped) {
            end = Math.min(end, oldest.from);
        }
        int sent = 0;
        int coalesced = 0;
        int sockets = 0;
        int frames = inFlight.size();
        for (int i = cursor; i < end; i++) {
            ViewerSession viewer = viewers[i];
            if (viewer == null) {
                continue;
            }
            Outbox outbox = viewer.outbox;
            long given = viewer.fanoutSeq;
            int first = 0;
            while (first < frames && inFlight.get(first).publish.frame().seq() <= given) {
                first++; // its snapshot already holds it
            }
            if (frames - first > 1 && outbox.offerJoined(joined(first))) {
                sent += frames - first;
                given = inFlight.get(frames - 1).publish.frame().seq();
            } else {
                for (int f = first; f < frames; f++) {
                    Frame frame = inFlight.get(f).publish.frame();
                    given = frame.seq();
                    switch (outbox.offer(frame)) {
                        case SENT -> sent++;
                        case COALESCED -> coalesced++;
                        case OVERFLOW -> {
                            slow.add(viewer);
                            f = frames;
                        }
                        default -> { }
                    }
                }
            }
            viewer.fanoutSeq = given;
            outbox.flush();
            sockets++;
        }
        cursor = end;
        if (cursor >= size) {
            wrap();
        }
        while (!inFlight.isEmpty() && inFlight.get(0).wrapped && cursor >= inFlight.get(0).from) {
            Publish done = inFlight.remove(0).publish;
            forgetJoined();
            if (done.loopsLeft().decrementAndGet() == 0) {
                sink.published(done);
            }
        }
        if (sockets > 0) {
            sink.delivered(sent, coalesced, sockets);
        }
        if (inFlight.isEmpty() && holes > 0) {
            compact();
        }
        for (ViewerSession viewer : slow) {
            sink.tooSlow(viewer);
        }
        slow.clear();
    }

    private ByteBuf joined(int from) {
        if (joinedFrom.length < inFlight.size()) {
            joinedFrom = Arrays.copyOf(joinedFrom, inFlight.size() * 2);
        }
        ByteBuf joined = joinedFrom[from];
        if (joined == null) {
            List<ByteBuf> wires = new ArrayList<>(inFlight.size() - from);
            for (int f = from; f < inFlight.size(); f++) {
                wires.add(inFlight.get(f).publish.frame().wire());
            }
            joined = WireSocket.joined(wires);
            joinedFrom[from] = joined;
        }
        return joined;
    }

    private void forgetJoined() {
        Arrays.fill(joinedFrom, null);
    }

    private void wrap() {
        cursor = 0;
        for (InFlight frame : inFlight) {
            frame.wrapped = true;
        }
    }

    private void add(ViewerSession viewer) {
        anySocket = viewer.wire;
        if (viewer.closed) {
            return;
        }
        if (size == viewers.length) {
            viewers = Arrays.copyOf(viewers, size * 2);
        }
        viewer.slot = size;
        viewers[size++] = viewer;
    }

    private void remove(ViewerSession viewer) {
        int slot = viewer.slot;
        if (slot < 0 || slot >= size || viewers[slot] != viewer) {
            return;
        }
        viewer.slot = -1;
        if (!inFlight.isEmpty()) {
            viewers[slot] = null; // the sweep's positions must not move while frames are in flight
            holes++;
            return;
        }
        ViewerSession last = viewers[--size];
        viewers[slot] = last;
        last.slot = slot;
        viewers[size] = null;
    }

    /** Closes the holes once nothing is in flight (positions may move again). */
    private void compact() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            ViewerSession viewer = viewers[i];
            if (viewer != null) {
                viewer.slot = kept;
                viewers[kept++] = viewer;
            }
        }
        Arrays.fill(viewers, kept, size, null);
        size = kept;
        holes = 0;
        cursor = 0;
    }
}
