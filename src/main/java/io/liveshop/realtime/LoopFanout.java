package io.liveshop.realtime;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The viewers of one stream whose sockets live on one event loop, and the work queued for them. The stream
 * enqueues events, joins and leaves in sequence order (under its lock); one task on the loop drains the queue:
 * consecutive events go out as one batch (every frame written to each socket, then one flush per socket), so
 * the loop does no per-viewer allocation, no thread hop and one flush per socket however many events queued.
 * Viewers joining or leaving during a batch are applied once it is done, in queue order.
 */
final class LoopFanout {

    /** One published event; the last loop to deliver it reports the fan-out time. */
    record Publish(Frame frame, long startNanos, AtomicInteger loopsLeft) {
    }

    record Join(ViewerSession viewer, List<Frame> first) {
    }

    record Leave(ViewerSession viewer) {
    }

    interface Sink {
        /**
         * Counts for one batch, so meters are touched once per batch, not per delivery: frames written, frames
         * coalesced, and sockets written (one send each), whose ratio to frames is the batching the kernel sees.
         */
        void delivered(int sent, int coalesced, int sockets);

        void published(Publish publish);

        void tooSlow(ViewerSession viewer);
    }

    final Context loop;
    private final Sink sink;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ArrayList<Publish> batch = new ArrayList<>();
    private final ArrayList<ViewerSession> slow = new ArrayList<>();
    private ViewerSession[] viewers = new ViewerSession[16];
    private int size;
    /** Progress of the batch being delivered: viewers below {@code cursor} have it. */
    private int cursor;
    private int sent;
    private int coalesced;
    private int sockets;
    private static final int CHUNK = 128;

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
            action.accept(viewers[i]);
        }
    }

    private void drain() {
        if (!batch.isEmpty() && !deliverSome()) {
            continueAfterIo();
            return;
        }
        while (true) {
            Object work = queue.poll();
            if (work == null) {
                scheduled.set(false);
                if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            if (work instanceof Publish publish) {
                batch.add(publish);
                while (queue.peek() instanceof Publish) {
                    batch.add((Publish) queue.poll());
                }
                if (!deliverSome()) {
                    continueAfterIo();
                    return;
                }
            } else if (work instanceof Join join) {
                join.first().forEach(join.viewer().outbox::sendNow);
                add(join.viewer());
            } else if (work instanceof Leave leave) {
                remove(leave.viewer());
            }
        }
    }

    /**
     * The rest of the batch goes out after the loop has handled its ready I/O (a pin's database reply, the next
     * host command), so host commands land during a fan-out and the events they publish join the next batch.
     */
    private void continueAfterIo() {
        if (size == 0) {
            loop.runOnContext(ignored -> drain());
        } else {
            viewers[0].wire.afterPendingIo(() -> loop.runOnContext(ignored -> drain()));
        }
    }

    /**
     * Writes the batch to the next chunk of viewers; true once every viewer has it. Chunks keep the loop
     * responsive: HTTP requests and database replies queued on it run between two chunks, not after 10,000 writes.
     */
    private boolean deliverSome() {
        int frames = batch.size();
        int end = Math.min(size, cursor + CHUNK);
        for (int i = cursor; i < end; i++) {
            ViewerSession viewer = viewers[i];
            Outbox outbox = viewer.outbox;
            for (int f = 0; f < frames; f++) {
                switch (outbox.offer(batch.get(f).frame())) {
                    case SENT -> sent++;
                    case COALESCED -> coalesced++;
                    case OVERFLOW -> {
                        slow.add(viewer);
                        f = frames;
                    }
                    default -> { }
                }
            }
            outbox.flush();
        }
        sockets += end - cursor;
        cursor = end;
        if (cursor < size) {
            return false;
        }
        sink.delivered(sent, coalesced, sockets);
        sent = 0;
        coalesced = 0;
        sockets = 0;
        cursor = 0;
        for (int f = 0; f < frames; f++) {
            Publish publish = batch.get(f);
            if (publish.loopsLeft().decrementAndGet() == 0) {
                sink.published(publish);
            }
        }
        batch.clear();
        for (ViewerSession viewer : slow) {
            sink.tooSlow(viewer);
        }
        slow.clear();
        return true;
    }

    private void add(ViewerSession viewer) {
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
        ViewerSession last = viewers[--size];
        viewers[slot] = last;
        last.slot = slot;
        viewers[size] = null;
        viewer.slot = -1;
    }
}
