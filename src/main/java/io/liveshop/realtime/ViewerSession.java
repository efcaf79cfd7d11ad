package io.liveshop.realtime;

import io.liveshop.identity.CurrentUser;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import java.util.concurrent.atomic.AtomicInteger;

/** One open viewer connection: who it is, which stream it watches, and its outbox. */
final class ViewerSession {

    final WebSocketConnection connection;
    final CurrentUser user;
    final long streamId;
    final Outbox outbox;
    /** The event loop that owns the socket: fan-out writes from it, with no per-viewer thread hop. */
    final Context loop;
    final AtomicInteger errors = new AtomicInteger();
    volatile long lastHeard = System.nanoTime();

    ViewerSession(WebSocketConnection connection, CurrentUser user, long streamId, Outbox outbox, Context loop) {
        this.connection = connection;
        this.loop = loop;
        this.user = user;
        this.streamId = streamId;
        this.outbox = outbox;
    }

    void close(int code, String reason) {
        connection.close(new CloseReason(code, reason)).subscribe().with(v -> { }, e -> { });
    }
}
