package io.liveshop.realtime;

import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.testing.Streams;
import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The host's live panel on /ws/studio/{id}: audience, sale counters, revenue, the invariant, recent orders. */
@QuarkusTest
class HostFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void theHostSeesViewersSalesRevenueAndOrdersAsTheyHappen() {
        Streams stream = Streams.live(1, 20);
        long product = stream.products().get(0);
        try (WsClient studio = WsClient.connect("/ws/studio/" + stream.streamId() + "?access_token=" + stream.hostToken());
                WsClient viewer = WsClient.viewer(stream.streamId(), token(unique("buyer"), "viewer"))) {
            viewer.await("snapshot");
            studio.await(f -> f.path("type").asText().equals("host.stats")
                    && f.path("data").path("viewers").path("live").asInt() == 1, WAIT);
            Number saleId = as(stream.hostToken()).body(Map.of("streamId", stream.streamId(), "productId", product,
                    "priceMinor", 500, "quantity", 3, "perBuyerLimit", 1, "countdownSeconds", 0, "durationSeconds", 60))
                    .post("/api/sales").then().statusCode(201).extract().path("id");
            viewer.send("{\"type\":\"buy\",\"saleId\":" + saleId + ",\"requestId\":\"r-1\"}");
            long orderId = viewer.await("buy-answer").path("data").path("orderId").asLong();
            JsonNode held = studio.await(f -> sale(f).path("held").asInt() == 1, WAIT);
            assertTrue(sale(held).path("invariantHolds").asBoolean(), held.toString());
            assertEquals(orderId, held.path("data").path("recentOrders").path(0).path("orderId").asLong());
            String buyer = viewer.await("order").path("data").path("userId").asText();
            assertTrue(buyer.startsWith("buyer"), buyer);
        }
    }

    @Test
    void onlyTheStreamsHostSeesItsPanel() {
        Streams stream = Streams.live(1, 5);
        try (WsClient stranger = WsClient.connect("/ws/studio/" + stream.streamId() + "?access_token="
                + token(unique("v"), "viewer"))) {
            assertEquals("forbidden", stranger.await("error").path("code").asText());
            assertEquals(4403, stranger.awaitClose(WAIT));
        }
        try (WsClient guest = WsClient.connect("/ws/studio/" + stream.streamId())) {
            assertEquals(4401, guest.awaitClose(WAIT));
        }
    }

    private static JsonNode sale(JsonNode frame) {
        return frame.path("type").asText().equals("host.stats") ? frame.path("data").path("sales").path(0)
                : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
