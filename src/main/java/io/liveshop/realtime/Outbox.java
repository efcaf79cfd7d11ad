package io.liveshop.realtime;

import io.netty.buffer.ByteBuf;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one connection still has to receive; used only on the connection's event loop. Frames are written (not
 * flushed) while the socket keeps up; the caller flushes once per batch. Once the socket is not writable, state
 * frames (with a coalescing key) replace their previous value and the rest wait in a bounded queue, so a viewer
 * that does not read costs a bounded amount of memory and never delays the others.
 */
final class Outbox {

    enum Offer { SENT, QUEUED, COALESCED, OVERFLOW, DROPPED }

    private final WireSocket socket;
    private final int maxQueued;
    private final Map<String, Frame> latestByKey = new LinkedHashMap<>();
    private final ArrayDeque<Frame> queued = new ArrayDeque<>();
    private volatile long blockedSince;
    private boolean unflushed;
    private boolean discarded;

    Outbox(WireSocket socket, int maxQueued) {
        this.socket = socket;
        this.maxQueued = maxQueued;
    }

    Offer offer(Frame frame) {
        if (discarded) {
            return Offer.DROPPED;
        }
        if (!latestByKey.isEmpty() || !queued.isEmpty()) {
            resend();
        }
        if (latestByKey.isEmpty() && queued.isEmpty() && socket.isWritable()) {
            socket.write(frame.wire());
            unflushed = true;
            return Offer.SENT;
        }
        if (blockedSince == 0) {
            blockedSince = System.nanoTime();
        }
        if (frame.key() != null) {
            return latestByKey.put(frame.key(), frame) == null ? Offer.QUEUED : Offer.COALESCED;
        }
        if (queued.size() >= maxQueued) {
            return Offer.OVERFLOW;
        }
        queued.add(frame);
        return Offer.QUEUED;
    }

    /**
     * Writes several frames already joined into one buffer (consecutive sequence numbers, one write for all), when
     * nothing waits and the socket keeps up; false otherwise, and the caller offers them one by one.
     */
    boolean offerJoined(ByteBuf joined) {
        if (discarded || !latestByKey.isEmpty() || !queued.isEmpty() || !socket.isWritable()) {
            return false;
        }
        socket.write(joined);
        unflushed = true;
        return true;
    }

    /** Ends a batch: one flush for everything written since the last one. */
    void flush() {
        if (unflushed) {
            unflushed = false;
            socket.flush();
        }
    }

    /** Control frames (snapshot, replay, pong, errors, user events) are small and rare: they bypass coalescing. */
    void sendNow(Frame frame) {
        if (!discarded) {
            socket.write(frame.wire());
            unflushed = true;
            flush();
        }
    }

    /** A heartbeat ping, written and flushed at once. */
    void ping() {
        if (!discarded) {
            socket.write(WireSocket.PING);
            unflushed = true;
            flush();
        }
    }

    /** The socket drained: what waited goes out, oldest sequence first, while it stays writable. */
    void drained() {
        resend();
        flush();
    }

    private void resend() {
        if (discarded || (latestByKey.isEmpty() && queued.isEmpty()) || !socket.isWritable()) {
            return;
        }
        List<Frame> pending = new ArrayList<>(latestByKey.size() + queued.size());
        pending.addAll(latestByKey.values());
        pending.addAll(queued);
        pending.sort(Comparator.comparingLong(Frame::seq));
        latestByKey.clear();
        queued.clear();
        int i = 0;
        while (i < pending.size() && socket.isWritable()) {
            socket.write(pending.get(i++).wire());
            unflushed = true;
        }
        for (; i < pending.size(); i++) {
            Frame rest = pending.get(i);
            if (rest.key() != null) {
                latestByKey.put(rest.key(), rest);
            } else {
                queued.add(rest);
            }
        }
        blockedSince = latestByKey.isEmpty() && queued.isEmpty() ? 0 : blockedSince;
    }

    /** Gives up on this connection: nothing more is queued or written, memory is released now. */
    void discard() {
        discarded = true;
        latestByKey.clear();
        queued.clear();
        blockedSince = 0;
    }

    /** Read by the sweep timer from any thread. */
    long blockedNanos(long now) {
        long since = blockedSince;
        return since == 0 ? 0 : now - since;
    }
}
