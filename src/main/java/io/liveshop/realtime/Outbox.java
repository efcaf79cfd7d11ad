package io.liveshop.realtime;

import io.netty.buffer.Unpooled;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one connection still has to receive. Frames go straight to the socket while it keeps up; once its write
 * queue is full, state frames (with a coalescing key) replace their previous value and the rest wait in a bounded
 * queue, so a viewer that does not read costs a bounded amount of memory and never delays the others. Every frame
 * is written from bytes shared by all connections ({@link Unpooled#wrappedBuffer} copies nothing).
 */
final class Outbox {

    enum Offer { SENT, QUEUED, COALESCED, OVERFLOW, DROPPED }

    private final ServerWebSocket socket;
    private final int maxQueued;
    private final Map<String, Frame> latestByKey = new LinkedHashMap<>();
    private final ArrayDeque<Frame> queued = new ArrayDeque<>();
    private long blockedSince;
    private boolean discarded;

    Outbox(ServerWebSocket socket, int maxQueued) {
        this.socket = socket;
        this.maxQueued = maxQueued;
        socket.drainHandler(v -> flush());
    }

    synchronized Offer offer(Frame frame) {
        if (discarded || socket.isClosed()) {
            latestByKey.clear();
            queued.clear();
            return Offer.DROPPED;
        }
        if (latestByKey.isEmpty() && queued.isEmpty() && !socket.writeQueueFull()) {
            write(frame.bytes());
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

    /** Control frames (snapshot, pong, errors, user events) are small and rare: they bypass coalescing. */
    void sendNow(byte[] bytes) {
        write(bytes);
    }

    synchronized void flush() {
        if (latestByKey.isEmpty() && queued.isEmpty()) {
            return;
        }
        if (socket.isClosed()) {
            latestByKey.clear();
            queued.clear();
            blockedSince = 0;
            return;
        }
        List<Frame> pending = new ArrayList<>(latestByKey.size() + queued.size());
        pending.addAll(latestByKey.values());
        pending.addAll(queued);
        pending.sort(Comparator.comparingLong(Frame::seq));
        latestByKey.clear();
        queued.clear();
        int i = 0;
        while (i < pending.size() && !socket.isClosed() && !socket.writeQueueFull()) {
            write(pending.get(i++).bytes());
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
    synchronized void discard() {
        discarded = true;
        latestByKey.clear();
        queued.clear();
        blockedSince = 0;
    }

    synchronized long blockedNanos(long now) {
        return blockedSince == 0 ? 0 : now - blockedSince;
    }

    synchronized int pending() {
        return latestByKey.size() + queued.size();
    }

    private void write(byte[] bytes) {
        if (!socket.isClosed()) {
            socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(bytes), true))
                    .onFailure(ignored -> { }); // a socket closing under us: the viewer resumes on reconnect
        }
    }
}
