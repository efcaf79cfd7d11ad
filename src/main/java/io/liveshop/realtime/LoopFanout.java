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
        /** Counts for one batch, so meters are touched once per batch, not per delivery. */
        void delivered(int sent, int coalesced);

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
                deliver();
            } else if (work instanceof Join join) {
                join.first().forEach(join.viewer().outbox::sendNow);
                add(join.viewer());
            } else if (work instanceof Leave leave) {
                remove(leave.viewer());
            }
        }
    }

    private void deliver() {
        int sent = 0;
        int coalesced = 0;
        int frames = batch.size();
        for (int i = 0; i < size; i++) {
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
        sink.delivered(sent, coalesced);
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
