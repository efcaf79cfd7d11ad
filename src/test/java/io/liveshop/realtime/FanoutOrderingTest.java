package io.liveshop.realtime;

import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.platform.events.StreamEvent;
import io.liveshop.testing.Streams;
import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.DataInputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The fan-out write path: per-loop partitions, batched writes, coalescing for frozen viewers. */
@QuarkusTest
class FanoutOrderingTest {

    @Inject
    StreamHub hub;

    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();

    record Tick(long streamId, int n) implements StreamEvent {
        @Override
        public String type() {
            return "tick";
        }
    }

    record Level(long streamId, int n, String text) implements StreamEvent {
        @Override
        public String type() {
            return "level";
        }

        @Override
        public String coalesceKey() {
            return "level";
        }
    }

    @Test
    void viewersOnDifferentEventLoopsEachGetEveryFrameInSequenceOrder() throws Exception {
        Streams stream = Streams.live(1, 5);
        List<WsClient> viewers = new ArrayList<>();
        try {
            String viewerToken = token(unique("v"), "viewer");
            while (viewers.size() < 8 || (hub.eventLoops(stream.streamId()) < 2 && viewers.size() < 40)) {
                WsClient viewer = WsClient.viewer(stream.streamId(), viewerToken);
                viewer.await("snapshot");
                viewers.add(viewer);
            }
            assertTrue(hub.eventLoops(stream.streamId()) >= 2,
                    "the viewers should span several event loops, got " + hub.eventLoops(stream.streamId()));
            int perThread = 300;
            // Two publishers at once: the sequence is stamped under the stream's lock, the loops drain in order.
            CompletableFuture<?> a = CompletableFuture.runAsync(() -> publish(stream.streamId(), 0, perThread));
            CompletableFuture<?> b = CompletableFuture.runAsync(() -> publish(stream.streamId(), perThread, perThread));
            CompletableFuture.allOf(a, b).join();
            for (WsClient viewer : viewers) {
                viewer.await(f -> viewer.frames("tick").size() == 2 * perThread, Duration.ofSeconds(60));
                List<Long> seqs = viewer.frames().stream().filter(f -> f.has("seq"))
                        .map(f -> f.path("seq").asLong()).toList();
                for (int i = 1; i < seqs.size(); i++) {
                    assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "every frame, in sequence order: " + seqs);
                }
                assertEquals(2 * perThread, viewer.frames("tick").stream().map(f -> f.path("data").path("n").asInt())
                        .distinct().count());
            }
        } finally {
            viewers.forEach(WsClient::close);
        }
    }

    /**
     * Events sweep round the viewers in chunks while more events, joiners and leavers keep arriving: every viewer
     * gets every frame after its snapshot exactly once, in sequence order, whoever came or went mid-sweep.
     */
    @Test
    void viewersJoiningAndLeavingMidSweepGetEveryFrameAfterTheirSnapshotOnce() {
        Streams stream = Streams.live(1, 5);
        String viewerToken = token(unique("v"), "viewer");
        List<WsClient> stayers = new ArrayList<>();
        List<WsClient> leavers = new ArrayList<>();
        List<WsClient> joiners = new ArrayList<>();
        try {
            for (int i = 0; i < 320; i++) { // several chunks (128 viewers) per event loop
                WsClient viewer = WsClient.viewer(stream.streamId(), viewerToken);
                viewer.await("snapshot");
                (i % 4 == 0 ? leavers : stayers).add(viewer);
            }
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            CompletableFuture<Integer> publisher = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                while (!stop.get() || n < 300) {
                    hub.publish(new Tick(stream.streamId(), n++));
                    if (n % 2 == 0) {
                        sleep(5); // a few hundred events a second: 320 test clients in this JVM keep up
                    }
                }
                return n;
            });
            for (int left = 0; left < leavers.size(); left++) { // as many joiners as leavers while events flow
                joiners.add(WsClient.viewer(stream.streamId(), viewerToken));
                leavers.get(left).close();
            }
            stop.set(true);
            int total = publisher.join();
            List<WsClient> checked = new ArrayList<>(stayers);
            checked.addAll(joiners);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            List<String> behind = lagging(checked, total);
            while (!behind.isEmpty() && System.nanoTime() < deadline) {
                sleep(100);
                behind = lagging(checked, total);
            }
            assertTrue(behind.isEmpty(), total + " ticks published; viewers short of the last one: " + behind);
            for (WsClient viewer : checked) {
                List<Long> seqs = viewer.frames().stream().filter(f -> f.has("seq")).map(f -> f.path("seq").asLong())
                        .toList();
                assertEquals("snapshot", viewer.frames().get(0).path("type").asText());
                for (int i = 1; i < seqs.size(); i++) {
                    assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "every frame after the snapshot, once, in order");
                }
            }
        } finally {
            stayers.forEach(WsClient::close);
            leavers.forEach(WsClient::close);
            joiners.forEach(WsClient::close);
        }
    }

    @Test
    void aResumeWhileEventsFlowContinuesExactlyWhereTheViewerLeft() {
        Streams stream = Streams.live(1, 5);
        String viewerToken = token(unique("v"), "viewer");
        WsClient first = WsClient.viewer(stream.streamId(), viewerToken);
        String epoch = first.await("snapshot").path("epoch").asText();
        int total = 600;
        CompletableFuture<?> publisher = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < total; i++) {
                hub.publish(new Tick(stream.streamId(), i));
                if (i % 20 == 0) {
                    sleep(2);
                }
            }
        });
        first.await(f -> first.frames("tick").size() >= 50, Duration.ofSeconds(30));
        first.close();
        first.awaitClose(Duration.ofSeconds(10));
        List<JsonNode> before = first.frames("tick");
        long lastSeen = before.get(before.size() - 1).path("seq").asLong();
        try (WsClient resumed = WsClient.connect("/ws/streams/" + stream.streamId() + "?access_token=" + viewerToken
                + "&since=" + lastSeen + "&epoch=" + epoch)) {
            publisher.join();
            resumed.await(f -> f.path("type").asText().equals("tick") && f.path("data").path("n").asInt() == total - 1,
                    Duration.ofSeconds(30));
            assertTrue(resumed.frames("snapshot").isEmpty(), "resumed from the buffer, no snapshot");
            List<Integer> ticks = new ArrayList<>();
            before.forEach(f -> ticks.add(f.path("data").path("n").asInt()));
            resumed.frames("tick").forEach(f -> ticks.add(f.path("data").path("n").asInt()));
            assertEquals(java.util.stream.IntStream.range(0, total).boxed().toList(), ticks,
                    "every event exactly once, in order, across the reconnect");
            List<Long> seqs = resumed.frames().stream().filter(f -> f.has("seq")).map(f -> f.path("seq").asLong())
                    .toList();
            assertEquals(lastSeen + 1, seqs.get(0));
            for (int i = 1; i < seqs.size(); i++) {
                assertTrue(seqs.get(i) > seqs.get(i - 1), "rising seq after the resume: " + seqs);
            }
        }
    }

    /** The viewers that have not received tick {@code total - 1}: their last tick and whether they were closed. */
    private static List<String> lagging(List<WsClient> viewers, int total) {
        List<String> behind = new ArrayList<>();
        for (int i = 0; i < viewers.size(); i++) {
            List<JsonNode> ticks = viewers.get(i).frames("tick");
            int last = ticks.isEmpty() ? -1 : ticks.get(ticks.size() - 1).path("data").path("n").asInt();
            if (last != total - 1) {
                behind.add("#" + i + " at " + last + (viewers.get(i).isClosed() ? " (closed " + viewers.get(i).awaitClose(Duration.ZERO) + ")" : ""));
            }
        }
        return behind;
    }

        private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publish(long streamId, int from, int count) {
        for (int i = from; i < from + count; i++) {
            hub.publish(new Tick(streamId, i));
        }
    }

    @Test
    void aFrozenViewerGetsOnlyTheLatestStateOnceItReadsAgain() throws Exception {
        Streams stream = Streams.live(1, 5);
        Socket frozen = WsClient.frozen(stream.streamId(), token(unique("frozen"), "viewer"));
        WsClient healthy = WsClient.viewer(stream.streamId(), token(unique("healthy"), "viewer"));
        try {
            healthy.await("snapshot");
            String text = "z".repeat(32 * 1024);
            int events = 400;
            for (int i = 0; i < events; i++) {
                hub.publish(new Level(stream.streamId(), i, text));
            }
            healthy.await(f -> f.path("type").asText().equals("level") && f.path("data").path("n").asInt() == events - 1,
                    Duration.ofSeconds(60));
            // The frozen viewer reads again: it must catch up to the latest value, in order, with values skipped.
            DataInputStream in = WsClient.thaw(frozen);
            List<JsonNode> levels = new ArrayList<>();
            long lastSeq = -1;
            while (levels.isEmpty() || levels.get(levels.size() - 1).path("data").path("n").asInt() != events - 1) {
                JsonNode frame = json.readTree(WsClient.readTextFrame(in));
                if (frame.has("seq")) {
                    assertTrue(frame.path("seq").asLong() > lastSeq, "rising seq");
                    lastSeq = frame.path("seq").asLong();
                }
                if (frame.path("type").asText().equals("level")) {
                    levels.add(frame);
                }
            }
            assertTrue(levels.size() < events, "a frozen viewer's state is coalesced: got " + levels.size());
            List<Long> healthySeqs = healthy.frames("level").stream().map(f -> f.path("seq").asLong()).toList();
            for (int i = 1; i < healthySeqs.size(); i++) {
                assertTrue(healthySeqs.get(i) > healthySeqs.get(i - 1), "rising seq for the reading viewer too");
            }
        } finally {
            healthy.close();
            frozen.close();
        }
    }
}
