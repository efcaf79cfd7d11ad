package io.liveshop.bench;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Connects one viewer socket per token to a stream, 100 handshakes in flight, for the rush clients. */
final class StreamSockets {

    record Connected<T>(List<T> sockets, int failed) {
    }

    private StreamSockets() {
    }

    static <T> Connected<T> connect(HttpClient http, String host, int port, long streamId, String[] tokens,
            Function<WebSocket, T> wrap) throws InterruptedException {
        List<T> sockets = new ArrayList<>();
        Semaphore inFlight = new Semaphore(100);
        CountDownLatch connected = new CountDownLatch(tokens.length);
        AtomicInteger failed = new AtomicInteger();
        for (String token : tokens) {
            inFlight.acquire();
            http.webSocket(new WebSocketConnectOptions().setHost(host).setPort(port)
                    .setURI("/ws/streams/" + streamId + "?access_token=" + token)).onComplete(ar -> {
                        if (ar.succeeded()) {
                            synchronized (sockets) {
                                sockets.add(wrap.apply(ar.result()));
                            }
                        } else {
                            failed.incrementAndGet();
                        }
                        inFlight.release();
                        connected.countDown();
                    });
        }
        connected.await(300, TimeUnit.SECONDS);
        return new Connected<>(sockets, failed.get());
    }
}
