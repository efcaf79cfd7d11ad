package io.liveshop.realtime;

import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.platform.http.GuestLimits;
import io.liveshop.platform.http.GuestLimitsConfig;
import io.liveshop.testing.Streams;
import io.liveshop.testing.WsClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per row of docs/PROTOCOL.md's close-code table, with real WebSocket clients. */
@QuarkusTest
class CloseCodesTest {

    private static final Duration CLOSE = Duration.ofSeconds(15);

    @Inject
    StreamHub hub;

    @Inject
    MeterRegistry metrics;

    @Inject
    GuestLimitsConfig guests;

    @Inject
    GuestLimits guestLimits;

    /** What the hub does to every stream at shutdown (a node being drained), on a real socket: 1012, then resume. */
    @Test
    void aDrainedNodeClosesItsViewersWith1012AndTheyResume() {
        Streams stream = Streams.live(1, 5);
        String token = token(unique("v"), "viewer");
        String epoch;
        long seq;
        try (WsClient viewer = WsClient.viewer(stream.streamId(), token)) {
            JsonNode snapshot = viewer.await("snapshot");
            epoch = snapshot.path("epoch").asText();
            seq = snapshot.path("seq").asLong();
            hub.closeViewers(stream.streamId(), 1012, "service restart");
            assertEquals(1012, viewer.awaitClose(CLOSE));
        }
        stream.pin(stream.products().get(0));
        try (WsClient back = WsClient.connect("/ws/streams/" + stream.streamId() + "?access_token=" + token
                + "&since=" + seq + "&epoch=" + epoch)) {
            assertTrue(back.await("resumed").path("upTo").asLong() > seq, "the pin came after the close");
        }
    }

    @Test
    void badStreamIdOrSinceIs4400() {
        Streams stream = Streams.live(1, 5);
        String token = token(unique("v"), "viewer");
        List<String> bad = List.of("/ws/streams/-1?access_token=" + token, "/ws/streams/0?access_token=" + token,
                "/ws/streams/abc?access_token=" + token,
                "/ws/streams/" + stream.streamId() + "?since=-1&access_token=" + token,
                "/ws/streams/" + stream.streamId() + "?since=x&access_token=" + token);
        for (String path : bad) {
            try (WsClient client = WsClient.connect(path)) {
                assertEquals("bad-request", client.await("error").path("code").asText(), path);
                assertEquals(4400, client.awaitClose(CLOSE), path);
            }
        }
    }

    @Test
    void anInvalidTokenIs4401NoTokenWatchesAsAGuestAndAnOversizedOneIsRefusedAtTheUpgrade() throws IOException {
        Streams stream = Streams.live(1, 5);
        for (String path : List.of("/ws/streams/" + stream.streamId() + "?access_token=not.a.jwt",
                "/ws/streams/" + stream.streamId() + "?access_token=")) {
            try (WsClient client = WsClient.connect(path)) {
                assertEquals("unauthorized", client.await("error").path("code").asText(), path);
                assertEquals(4401, client.awaitClose(CLOSE), path);
            }
        }
        try (WsClient guest = WsClient.connect("/ws/streams/" + stream.streamId())) {
            assertEquals(stream.streamId(), guest.await("snapshot").path("streamId").asLong(), "a guest watches");
        }
        String huge = "x".repeat(100_000);
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(("GET /ws/streams/" + stream.streamId() + "?access_token=" + huge
                    + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertTrue(status.endsWith("414") || status.endsWith("431"), "HTTP refusal, got " + status);
        }
    }

    @Test
    void guestsPastThePerAddressLimitAre4429() {
        Streams stream = Streams.live(1, 5);
        int limit = guests.maxConnectionsPerAddress();
        // guests of earlier tests are released when the server sees their sockets close
        org.awaitility.Awaitility.await().atMost(CLOSE).until(() -> guestLimits.openGuestSockets() == 0);
        List<WsClient> watching = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < limit; i++) {
                WsClient guest = WsClient.connect("/ws/streams/" + stream.streamId());
                watching.add(guest);
                guest.await("snapshot");
            }
            try (WsClient refused = WsClient.connect("/ws/streams/" + stream.streamId())) {
                assertEquals("too-many-guests", refused.await("error").path("code").asText());
                assertEquals(4429, refused.awaitClose(CLOSE));
            }
            try (WsClient member = WsClient.viewer(stream.streamId(), token(unique("v"), "viewer"))) {
                member.await("snapshot"); // signed-in viewers are not guests
            }
            // a guest who signs in on its socket frees its guest place
            WsClient first = watching.get(0);
            first.send("{\"type\":\"auth\",\"token\":\"" + token(unique("v"), "viewer") + "\"}");
            first.await("authenticated");
            try (WsClient next = WsClient.connect("/ws/streams/" + stream.streamId())) {
                next.await("snapshot");
            }
        } finally {
            watching.forEach(WsClient::close);
        }
    }

    @Test
    void unknownStreamIs4404() {
        try (WsClient lost = WsClient.viewer(987654321L, token(unique("v"), "viewer"))) {
            assertEquals("not-found", lost.await("error").path("code").asText());
            assertEquals(4404, lost.awaitClose(CLOSE));
        }
    }

    @Test
    void aViewerThatDoesNotDrainIs4008AndCountedWhileOthersGetEveryFrame() throws Exception {
        Streams stream = Streams.live(1, 5);
        double before = slowClosed();
        Socket frozen = WsClient.frozen(stream.streamId(), token(unique("frozen"), "viewer"));
        WsClient healthy = WsClient.viewer(stream.streamId(), token(unique("healthy"), "viewer"));
        try {
            healthy.await("snapshot");
            String text = "x".repeat(32 * 1024);
            int events = 0;
            while (slowClosed() == before) {
                assertTrue(events < 5000, "the frozen viewer was never dropped");
                hub.publish(new ViewerGatewayTest.Bulletin(stream.streamId(), events++, text));
                Thread.sleep(1); // a pace a reading client keeps up with
            }
            int published = events;
            healthy.await(f -> healthy.frames("bulletin").size() == published, Duration.ofSeconds(60));
            List<JsonNode> got = healthy.frames("bulletin");
            for (int i = 0; i < published; i++) {
                assertEquals(i, got.get(i).path("data").path("n").asInt(), "in order, none missed");
            }
            assertEquals(before + 1, slowClosed());
            // Once it reads again, the frozen client finds the close frame behind what was already buffered.
            frozen.setSoTimeout(30_000);
            assertEquals(4008, WsClient.closeCode(frozen));
        } finally {
            healthy.close();
            frozen.close();
        }
    }

    @Test
    void floodingIsThrottledThenClosedWith1008() {
        Streams stream = Streams.live(1, 5);
        try (WsClient viewer = WsClient.viewer(stream.streamId(), token(unique("v"), "viewer"))) {
            viewer.await("snapshot");
            for (int i = 0; i < 200 && !viewer.isClosed(); i++) {
                viewer.send("{\"type\":\"ping\"}");
            }
            assertEquals(1008, viewer.awaitClose(CLOSE));
            assertTrue(viewer.frames("error").stream().anyMatch(f -> f.path("data").path("code").asText()
                    .equals("rate-limited") || f.path("code").asText().equals("rate-limited")), "throttled first");
            assertTrue(!viewer.frames("pong").isEmpty(), "the burst was served");
        }
    }

    @Test
    void badMessagesAreErrorFramesAndTooManyAre1008() {
        Streams stream = Streams.live(1, 5);
        try (WsClient viewer = WsClient.viewer(stream.streamId(), token(unique("v"), "viewer"))) {
            viewer.await("snapshot");
            viewer.send("{\"type\":\"buy\",\"saleId\":1,\"requestId\":12}");
            JsonNode error = viewer.await("error");
            assertEquals("bad-request", error.path("code").asText(), "a numeric requestId is not a buy");
            assertTrue(error.path("detail").asText().contains("requestId"));
            assertTrue(viewer.frames("buy-answer").isEmpty());
            for (int i = 0; i < 10; i++) {
                viewer.send("{");
            }
            assertEquals(1008, viewer.awaitClose(CLOSE));
        }
    }

    @Test
    void aFrameOver64KiBIs1009() {
        Streams stream = Streams.live(1, 5);
        try (WsClient viewer = WsClient.viewer(stream.streamId(), token(unique("v"), "viewer"))) {
            viewer.await("snapshot");
            viewer.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");
            assertEquals(1009, viewer.awaitClose(CLOSE));
        }
    }

    private double slowClosed() {
        return metrics.counter("liveshop.ws.closed.slow").count();
    }
}
