package io.liveshop.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A light connection-count client (Gatling needs far more memory and CPU per socket): opens {@code count}
 * viewer WebSockets to one stream, at most {@code inFlight} handshakes at a time, counts the snapshots, then
 * holds the connections idle for {@code holdSeconds} while the server's memory is read.
 *
 * <pre>java -cp … io.liveshop.bench.IdleViewers host port streamId token count inFlight holdSeconds</pre>
 */
public final class IdleViewers {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long streamId = Long.parseLong(args[2]);
        String token = args[3];
        int count = Integer.parseInt(args[4]);
        int inFlight = Integer.parseInt(args[5]);
        int holdSeconds = Integer.parseInt(args[6]);

        Vertx vertx = Vertx.vertx();
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(count + 10).setConnectTimeout(30_000));
        AtomicInteger snapshots = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(count);
        long t0 = System.nanoTime();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (started.incrementAndGet() > count) {
                return;
            }
            WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port)
                    .setURI("/ws/streams/" + streamId + "?access_token=" + token);
            client.connect(options).onComplete(result -> {
                if (result.failed()) {
                    failures.incrementAndGet();
                    done.countDown();
                    next[0].run();
                    return;
                }
                boolean[] first = { true };
                result.result().textMessageHandler(text -> {
                    if (first[0]) {
                        first[0] = false;
                        if (text.startsWith("{\"type\":\"snapshot\"")) {
                            snapshots.incrementAndGet();
                        } else {
                            failures.incrementAndGet();
                        }
                        done.countDown();
                        next[0].run();
                    }
                });
            });
        };
        for (int i = 0; i < inFlight; i++) {
            vertx.runOnContext(v -> next[0].run());
        }
        boolean all = done.await(10, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("connected: %d snapshots, %d failures, %s, in %.1f s (%.0f joins/s)%n", snapshots.get(),
                failures.get(), all ? "all answered" : "timed out", seconds, snapshots.get() / seconds);
        System.out.println("HOLDING " + holdSeconds + " s");
        Thread.sleep(holdSeconds * 1000L);
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.exit(snapshots.get() == count ? 0 : 1);
    }
}
