package io.liveshop.realtime;

import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.websockets.next.runtime.WebSocketConnectionBase;
import io.vertx.core.http.ServerWebSocket;
import java.lang.reflect.Method;

/**
 * Reaches the Vert.x socket under a websockets-next connection. websockets-next has no API to write pre-encoded
 * bytes or to see a full write queue, and both are needed: one encoding per event for all viewers, and bounded
 * memory for viewers that stop reading.
 */
final class Sockets {

    private static final Method WEB_SOCKET;

    static {
        try {
            WEB_SOCKET = WebSocketConnectionBase.class.getDeclaredMethod("webSocket");
            WEB_SOCKET.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Sockets() {
    }

    static ServerWebSocket of(WebSocketConnection connection) {
        try {
            return (ServerWebSocket) WEB_SOCKET.invoke(connection);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot reach the socket of " + connection.id(), e);
        }
    }
}
