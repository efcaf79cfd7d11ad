package io.liveshop.realtime;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.concurrent.atomic.AtomicInteger;

/** One open viewer connection: who it is, which stream it watches, and its outbox. */
final class ViewerSession {

    final WebSocketConnection connection;
    final String userId;
    final long streamId;
    final boolean controller;
    final Outbox outbox;
    final AtomicInteger errors = new AtomicInteger();
    volatile long lastHeard = System.nanoTime();

    ViewerSession(WebSocketConnection connection, String userId, long streamId, boolean controller, Outbox outbox) {
        this.connection = connection;
        this.userId = userId;
        this.streamId = streamId;
        this.controller = controller;
        this.outbox = outbox;
    }

    void close(int code, String reason) {
        connection.close(new CloseReason(code, reason)).subscribe().with(v -> { }, e -> { });
    }
}
