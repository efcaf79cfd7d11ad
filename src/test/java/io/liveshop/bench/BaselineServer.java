package io.liveshop.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain baseline of the fan-out benchmark: a Vert.x {@code HttpServer} that upgrades every connection to a
 * {@code ServerWebSocket} and, per broadcast ({@code POST /broadcast}), builds one pin-like JSON text and calls
 * {@code writeTextMessage} on every socket (Vert.x's ordinary write and flush, nothing batched or pre-encoded),
 * then answers the request. Run with the same JVM flags and core as LiveShop.
 *
 * <pre>java -cp … io.liveshop.bench.BaselineServer port</pre>
 */
public final class BaselineServer {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx();
        List<ServerWebSocket> sockets = new ArrayList<>();
        long[] seq = { 0 };
        vertx.createHttpServer().webSocketHandler(ws -> {
            synchronized (sockets) {
                sockets.add(ws);
            }
            ws.closeHandler(v -> {
                synchronized (sockets) {
                    sockets.remove(ws);
                }
            });
            ws.writeTextMessage("{\"type\":\"snapshot\",\"seq\":" + seq[0] + "}");
        }).requestHandler(request -> {
            if (!request.path().equals("/broadcast")) {
                request.response().setStatusCode(404).end();
                return;
            }
            request.body().onSuccess(body -> {
                List<ServerWebSocket> targets;
                String text;
                synchronized (sockets) {
                    targets = new ArrayList<>(sockets);
                    text = pin(++seq[0]);
                }
                for (ServerWebSocket ws : targets) {
                    ws.writeTextMessage(text);
                }
                request.response().end("{\"seq\":" + seq[0] + "}");
            });
        }).listen(port).onSuccess(s -> System.out.println("baseline listening on " + port));
    }

    /** About the size of LiveShop's pinned frame. */
    private static String pin(long seq) {
        return "{\"type\":\"pinned\",\"seq\":" + seq + ",\"streamId\":1,\"data\":{\"streamId\":1,\"product\":{\"id\":"
                + (seq % 2 + 1) + ",\"title\":\"Load test product " + (seq % 2 + 1) + "\",\"priceMinor\":1999,"
                + "\"currency\":\"EUR\",\"imageUrl\":null,\"stock\":1000},\"offsetMs\":" + System.currentTimeMillis() % 100000
                + "}}";
    }
}
