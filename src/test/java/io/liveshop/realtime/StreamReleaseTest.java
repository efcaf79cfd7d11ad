package io.liveshop.realtime;

import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveshop.testing.Streams;
import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gateway keeps nothing of a stream that ended once its last viewer left, nor of a stream that does not exist. */
@QuarkusTest
class StreamReleaseTest {

    @Inject
    StreamHub hub;

    @Test
    void anEndedStreamIsReleasedWhenItsLastViewerLeaves() {
        Streams show = Streams.live(1, 5);
        WsClient viewer = WsClient.viewer(show.streamId(), token(unique("release-viewer"), "viewer"));
        try {
            viewer.await("snapshot");
            assertTrue(hub.holds(show.streamId()));
            as(show.hostToken()).post("/api/streams/" + show.streamId() + "/end").then().statusCode(200);
            viewer.await("ended");
            assertTrue(hub.holds(show.streamId()), "a viewer still watches");
        } finally {
            viewer.close();
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> !hub.holds(show.streamId()));

        // a viewer arriving after the end gets the snapshot, and the stream is released again when it leaves
        WsClient late = WsClient.viewer(show.streamId(), token(unique("release-late"), "viewer"));
        try {
            late.await("snapshot");
        } finally {
            late.close();
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> !hub.holds(show.streamId()));
    }

    @Test
    void anEndedStreamNobodyWatchesIsNotKept() {
        Streams show = Streams.live(1, 5);
        show.pin(show.products().get(0));
        as(show.hostToken()).post("/api/streams/" + show.streamId() + "/end").then().statusCode(200);
        await().atMost(Duration.ofMinutes(1)).until(() -> !hub.holds(show.streamId()));
    }

    @Test
    void aStreamThatDoesNotExistLeavesNothing() {
        WsClient viewer = WsClient.viewer(987_654_321L, token(unique("release-nobody"), "viewer"));
        viewer.awaitClose(Duration.ofSeconds(30));
        assertFalse(hub.holds(987_654_321L));
    }
}
