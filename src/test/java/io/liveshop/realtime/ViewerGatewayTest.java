package io.liveshop.realtime;

import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.platform.events.StreamEvent;
import io.liveshop.testing.Streams;
import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ViewerGatewayTest {

    @Inject
    StreamHub hub;

    @Test
    void joinerGetsASnapshotThenLiveEvents() {
        Streams stream = Streams.live(2, 5);
        long first = stream.products().get(0);
        stream.pin(first);
        try (WsClient viewer = WsClient.viewer(stream.streamId(), token(unique("v"), "viewer"))) {
            JsonNode snapshot = viewer.await("snapshot");
            assertEquals(0, viewer.frames().indexOf(snapshot), "the snapshot comes first");
            JsonNode data = snapshot.path("data");
            assertEquals("LIVE", data.path("stream").path("status").asText());
            assertEquals(first, data.path("stream").path("pinned").path("id").asLong());
            assertEquals(5, data.path("stream").path("pinned").path("stock").asInt());
            assertEquals(2, data.path("stream").path("showcase").size());
            assertTrue(snapshot.path("seq").asLong() >= 0);
            assertTrue(snapshot.hasNonNull("epoch"));

            as(token(unique("buyer"), "viewer")).body(Map.of("productId", first, "quantity", 2)).post("/api/orders")
                    .then().statusCode(201);
            JsonNode stock = viewer.await(f -> f.path("type").asText().equals("stock"), Duration.ofSeconds(15));
            assertEquals(first, stock.path("data").path("productId").asLong());
            assertEquals(3, stock.path("data").path("stock").asInt());
            assertTrue(stock.path("seq").asLong() > snapshot.path("seq").asLong());
        }
    }

    @Test
    void pinsReachEveryViewerOfTheStreamAndNoOther() {
        Streams stream = Streams.live(2, 5);
        Streams other = Streams.live(1, 5);
        List<WsClient> viewers = new ArrayList<>();
        List<WsClient> others = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                viewers.add(WsClient.viewer(stream.streamId(), token(unique("v"), "viewer")));
            }
            for (int i = 0; i < 2; i++) {
                others.add(WsClient.viewer(other.streamId(), token(unique("o"), "viewer")));
            }
            viewers.forEach(v -> v.await("snapshot"));
            others.forEach(v -> v.await("snapshot"));
            stream.pin(stream.products().get(1));
            long seq = -1;
            for (WsClient viewer : viewers) {
                JsonNode pinned = viewer.await("pinned");
                assertEquals(stream.products().get(1), pinned.path("data").path("product").path("id").asLong());
                seq = seq < 0 ? pinned.path("seq").asLong() : seq;
                assertEquals(seq, pinned.path("seq").asLong(), "one event, one sequence number for everyone");
            }
            other.pin(other.products().get(0));
            others.forEach(v -> v.await("pinned"));
            for (WsClient v : others) {
                assertTrue(v.frames("pinned").stream().allMatch(f -> f.path("streamId").asLong() == other.streamId()));
            }
            for (WsClient v : viewers) {
                assertTrue(v.frames("pinned").stream().allMatch(f -> f.path("streamId").asLong() == stream.streamId()),
                        "a viewer never sees another stream's events");
            }
        } finally {
            viewers.forEach(WsClient::close);
            others.forEach(WsClient::close);
        }
    }

    @Test
    void sequenceNumbersHaveNoGapsAndResumeReplaysWhatWasMissed() {
        Streams stream = Streams.live(3, 5);
        String viewerToken = token(unique("v"), "viewer");
        WsClient viewer = WsClient.viewer(stream.streamId(), viewerToken);
        JsonNode snapshot = viewer.await("snapshot");
        for (int i = 0; i < 5; i++) {
            stream.pin(stream.products().get(i % 3));
        }
        viewer.await(f -> f.path("type").asText().equals("pinned") && viewer.frames("pinned").size() == 5,
                Duration.ofSeconds(15));
        List<Long> seqs = viewer.frames().stream().filter(f -> f.has("seq") && !f.path("type").asText().equals("snapshot"))
                .map(f -> f.path("seq").asLong()).toList();
        for (int i = 1; i < seqs.size(); i++) {
            assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "no gap, no duplicate: " + seqs);
        }
        assertEquals(snapshot.path("seq").asLong() + 1, seqs.get(0));
        long lastSeen = seqs.get(seqs.size() - 1);
        String epoch = snapshot.path("epoch").asText();
        viewer.close();
        viewer.awaitClose(Duration.ofSeconds(5));

        stream.pin(stream.products().get(0));
        stream.pin(stream.products().get(1));
        try (WsClient resumed = WsClient.connect("/ws/streams/" + stream.streamId() + "?access_token=" + viewerToken
                + "&since=" + lastSeen + "&epoch=" + epoch)) {
            JsonNode done = resumed.await("resumed");
            List<JsonNode> replay = resumed.frames().subList(0, resumed.frames().indexOf(done));
            assertTrue(resumed.frames("snapshot").isEmpty(), "a resume within the buffer gets no snapshot");
            assertEquals(lastSeen + 1, replay.get(0).path("seq").asLong());
            for (int i = 1; i < replay.size(); i++) {
                assertEquals(replay.get(i - 1).path("seq").asLong() + 1, replay.get(i).path("seq").asLong());
            }
            assertEquals(2, replay.stream().filter(f -> f.path("type").asText().equals("pinned")).count());
            assertEquals(done.path("upTo").asLong(), replay.get(replay.size() - 1).path("seq").asLong());
        }
        try (WsClient stale = WsClient.connect("/ws/streams/" + stream.streamId() + "?access_token=" + viewerToken
                + "&since=" + lastSeen + "&epoch=not-this-server")) {
            stale.await("snapshot");
        }
    }

    @Test
    void viewerCountsAreCoalescedForViewersAndExactForTheHost() {
        Streams stream = Streams.live(1, 5);
        WsClient watcher = WsClient.viewer(stream.streamId(), token(unique("w"), "viewer"));
        watcher.await("snapshot");
        List<WsClient> crowd = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                crowd.add(WsClient.viewer(stream.streamId(), token(unique("c"), "viewer")));
            }
            crowd.forEach(c -> c.await("snapshot"));
            as(stream.hostToken()).get("/api/streams/" + stream.streamId() + "/audience").then().statusCode(200)
                    .body("live", org.hamcrest.Matchers.equalTo(21)).body("peak", org.hamcrest.Matchers.equalTo(21));
            JsonNode last = watcher.await(f -> f.path("type").asText().equals("viewers")
                    && f.path("data").path("live").asInt() == 21, Duration.ofSeconds(15));
            int updates = watcher.frames("viewers").size();
            assertTrue(updates < 21, "21 joins were coalesced into " + updates + " viewer updates");
            assertEquals(21, last.path("data").path("peak").asInt());
        } finally {
            crowd.forEach(WsClient::close);
            watcher.close();
        }
    }

    @Test
    void badFramesGetErrorsAndTheConnectionAndServerSurvive() {
        Streams stream = Streams.live(1, 5);
        try (WsClient viewer = WsClient.viewer(stream.streamId(), token(unique("v"), "viewer"))) {
            viewer.await("snapshot");
            viewer.send("this is not json");
            viewer.send("{\"type\":\"dance\"}");
            viewer.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(5000) + "\"}");
            viewer.send("{\"type\":\"buy\",\"saleId\":-1}");
            viewer.send("{\"type\":\"ping\"}");
            viewer.await("pong");
            // a command runs on the socket's command context, so its error may come after the pong
            viewer.await(f -> f.path("type").asText().equals("error")
                    && f.path("code").asText().equals("bad-request"), Duration.ofSeconds(10));
            List<String> codes = viewer.frames("error").stream().map(f -> f.path("code").asText()).toList();
            assertEquals(List.of("malformed", "unknown-type", "too-large", "bad-request"), codes);
            assertFalse(viewer.isClosed());
            for (int i = 0; i < 10; i++) {
                try {
                    viewer.send("{");
                } catch (java.util.concurrent.CompletionException closedAlready) {
                    break; // the server closed it before all ten were sent: what the assertion below expects
                }
            }
            assertEquals(1008, viewer.awaitClose(Duration.ofSeconds(10)), "repeated abuse closes the connection");
        }
        try (WsClient guest = WsClient.connect("/ws/streams/" + stream.streamId())) {
            guest.await("snapshot");
            guest.send("{\"type\":\"buy\",\"saleId\":1,\"requestId\":\"g-1\"}");
            assertEquals("unauthorized", guest.await("error").path("code").asText(), "a guest watches only");
            assertFalse(guest.isClosed());
        }
        try (WsClient lost = WsClient.viewer(987654321L, token(unique("v"), "viewer"))) {
            assertEquals(4404, lost.awaitClose(Duration.ofSeconds(10)));
        }
        try (WsClient fine = WsClient.viewer(stream.streamId(), token(unique("v"), "viewer"))) {
            fine.await("snapshot");
        }
    }

    /** A big event that must be delivered (no coalescing key), to fill a non-reading client's socket quickly. */
    record Bulletin(long streamId, int n, String text) implements StreamEvent {
        @Override
        public String type() {
            return "bulletin";
        }
    }

    @Test
    void aViewerThatStopsReadingNeitherDelaysOthersNorGrowsWithoutBound() throws Exception {
        Streams stream = Streams.live(1, 5);
        java.net.Socket frozen = WsClient.frozen(stream.streamId(), token(unique("frozen"), "viewer"));
        WsClient healthy = WsClient.viewer(stream.streamId(), token(unique("healthy"), "viewer"));
        try {
            healthy.await("snapshot");
            String text = "x".repeat(32 * 1024);
            int events = 800;
            for (int i = 0; i < events; i++) {
                hub.publish(new Bulletin(stream.streamId(), i, text));
                Thread.sleep(1); // a pace a reading client keeps up with; the frozen one still falls behind
            }
            healthy.await(f -> healthy.frames("bulletin").size() == events, Duration.ofSeconds(60));
            List<JsonNode> got = healthy.frames("bulletin");
            for (int i = 0; i < events; i++) {
                assertEquals(i, got.get(i).path("data").path("n").asInt(), "in order, none missed");
            }
            // The frozen client cannot read the close frame; the server drops it from the audience.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> hub.audience(stream.streamId())[0] == 1);
        } finally {
            healthy.close();
            frozen.close();
        }
    }
}
