package io.liveshop.realtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The adapter below Vert.x: if a Quarkus or Vert.x upgrade changes the connection class or the WebSocket
 * pipeline, pre-encoded frames stop arriving (or arrive garbled) and this fails.
 */
@QuarkusTest
class WireSocketTest {

    /** A bare route that writes three pre-encoded frames (small, 16-bit and 64-bit lengths), flushed once. */
    @ApplicationScoped
    static class WireRoute {
        void init(@Observes Router router) {
            router.get("/test/wire").handler(rc -> {
                var request = rc.request();
                // writes once the client speaks, so the frames never share a TCP read with the 101 response
                request.toWebSocket().onSuccess(ws -> ws.textMessageHandler(go -> {
                    WireSocket wire = WireSocket.of(request.connection());
                    wire.write(WireSocket.textFrame("{\"n\":1}".getBytes(StandardCharsets.UTF_8)));
                    wire.write(WireSocket.textFrame(("{\"n\":2,\"pad\":\"" + "x".repeat(300) + "\"}")
                            .getBytes(StandardCharsets.UTF_8)));
                    wire.write(WireSocket.textFrame(("{\"n\":3,\"pad\":\"" + "y".repeat(70_000) + "\"}")
                            .getBytes(StandardCharsets.UTF_8)));
                    wire.flush();
                }));
            });
        }
    }

    @Test
    void preEncodedFramesReachARealClientIntact() {
        try (WsClient client = WsClient.connect("/test/wire")) {
            client.send("go");
            client.await(f -> f.path("n").asInt() == 3, Duration.ofSeconds(15));
            List<Integer> got = client.frames().stream().map(f -> f.path("n").asInt()).toList();
            assertEquals(List.of(1, 2, 3), got);
            assertEquals(300, client.frames().get(1).path("pad").asText().length());
            assertEquals(70_000, client.frames().get(2).path("pad").asText().length());
        }
    }
}
