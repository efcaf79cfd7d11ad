package io.liveshop.auction;

import static io.liveshop.auction.AuctionFixtures.lot;
import static io.liveshop.auction.AuctionFixtures.named;
import static io.liveshop.auction.AuctionFixtures.start;
import static io.liveshop.auction.AuctionFixtures.viewer;
import static io.liveshop.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liveshop.testing.Api;
import io.liveshop.testing.WsClient;
import io.liveshop.platform.events.StreamEvent;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.DataInputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bids over the stream socket, the price frames viewers see, and {@code data.auction} in the snapshot. */
@QuarkusTest
class AuctionSocketTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AuctionEvents events;

    @Test
    void aSocketBidIsAnsweredOnceAndViewersSeeThePriceByDisplayName() throws Exception {
        AuctionFixtures.Lot lot = lot(2);
        try (WsClient early = WsClient.viewer(lot.streamId(), viewer(Api.unique("early")))) {
            assertTrue(early.await("snapshot").path("data").path("auction").isNull(), "no auction yet");
            long id = start(lot, 1000, 60, "STANDARD");
            JsonNode started = early.await("auction.started");
            assertEquals(id, started.path("data").path("auction").path("id").asLong());

            String aliceId = Api.unique("alice");
            try (WsClient alice = WsClient.viewer(lot.streamId(), named(aliceId, "Alice"))) {
                JsonNode auction = alice.await("snapshot").path("data").path("auction");
                assertEquals(id, auction.path("id").asLong(), auction.toString());
                assertEquals(List.of(1000L, 1100L, 1200L), longs(auction.path("quickBidsMinor")));
                JsonNode resource = JSON.readTree(as(viewer("reader")).get("/api/auctions/" + id).then().statusCode(200)
                        .extract().asString());
                assertEquals(fields(resource), fields(auction), "same shape as GET /api/auctions/{id}");

                alice.send("{\"type\":\"bid\",\"auctionId\":" + id + ",\"requestId\":\"ws-1\",\"amountMinor\":1200}");
                JsonNode answer = alice.await("bid-answer");
                assertEquals("ws-1", answer.path("requestId").asText());
                assertEquals("LEADING", answer.path("data").path("outcome").asText(), answer.toString());
                assertEquals(1200, answer.path("data").path("priceMinor").asLong());

                JsonNode price = early.await("auction.bid");
                assertEquals("Alice", price.path("data").path("leaderName").asText(), price.toString());
                assertEquals(1200, price.path("data").path("priceMinor").asLong());
                assertFalse(price.path("data").has("leaderId"), "frames show the display name only");
                assertFalse(price.path("data").has("view"));

                alice.send("{\"type\":\"bid\",\"auctionId\":" + id + ",\"requestId\":\"ws-2\",\"amountMinor\":-3}");
                JsonNode error = alice.await("error");
                assertTrue(error.toString().contains("amountMinor"), error.toString());
                alice.send("{\"type\":\"bid\",\"auctionId\":" + id + ",\"requestId\":\"ws-1\",\"amountMinor\":1200}");
                JsonNode replay = alice.await(f -> f.path("type").asText().equals("bid-answer")
                        && f.path("data").path("replayed").asBoolean(), Duration.ofSeconds(15));
                assertEquals("LEADING", replay.path("data").path("outcome").asText());
                assertEquals(1, AuctionFixtures.view(id).getInt("bidCount"), "bad input and the retry wrote nothing");
            }
            try (WsClient late = WsClient.viewer(lot.streamId(), viewer(Api.unique("late")))) {
                JsonNode auction = late.await("snapshot").path("data").path("auction");
                assertEquals(1200, auction.path("priceMinor").asLong(), auction.toString());
                assertEquals(aliceId, auction.path("leaderId").asText());
                assertEquals(List.of(1300L, 1400L, 1500L), longs(auction.path("quickBidsMinor")));
            }
            AuctionFixtures.assertInvariants(id);
        }
    }

    /**
     * The rate window is per user, over HTTP and the socket alike (test profile: 50 bids per 60 s): past it, HTTP
     * answers 429 with {@code Retry-After} = the window, the socket a RATE_LIMITED bid-answer; nothing is recorded,
     * and the refused request id is not remembered.
     */
    @Test
    void pastTheRateLimitBidsAreRefusedOverHttpAndTheSocketAndNothingIsRecorded() {
        AuctionFixtures.Lot lot = lot(2);
        long id = start(lot, 5000, 60, "STANDARD");
        String subject = Api.unique("eager");
        String token = viewer(subject);
        for (int i = 0; i < 50; i++) {
            AuctionFixtures.bid(token, id, "low-" + i, "amountMinor", 1000).then().statusCode(200)
                    .body("outcome", equalTo("TOO_LOW"));
        }
        AuctionFixtures.bid(token, id, "valid", "amountMinor", 5000).then().statusCode(429)
                .header("Retry-After", "60").body("outcome", equalTo("RATE_LIMITED"));
        try (WsClient socket = WsClient.viewer(lot.streamId(), token)) {
            socket.await("snapshot");
            socket.send("{\"type\":\"bid\",\"auctionId\":" + id + ",\"requestId\":\"ws-valid\",\"amountMinor\":5000}");
            JsonNode answer = socket.await("bid-answer");
            assertEquals("ws-valid", answer.path("requestId").asText());
            assertEquals("RATE_LIMITED", answer.path("data").path("outcome").asText(), answer.toString());
        }
        assertEquals(0, AuctionFixtures.view(id).getInt("bidCount"), "a rate-limited bid records nothing");
        assertTrue(AuctionFixtures.bids(id).isEmpty());
        // another user is not limited by this one's window
        AuctionFixtures.bid(viewer(Api.unique("calm")), id, "calm-1", "amountMinor", 5000).then().statusCode(201)
                .body("outcome", equalTo("LEADING"));
        AuctionFixtures.assertInvariants(id);
    }

    @Test
    void theCloseIsAFrameAndTheAuctionLeavesTheSnapshot() {
        AuctionFixtures.Lot lot = lot(2);
        try (WsClient watching = WsClient.viewer(lot.streamId(), viewer(Api.unique("w")))) {
            watching.await("snapshot");
            long id = start(lot, 1000, 5, "SUDDEN_DEATH");
            try (WsClient bob = WsClient.viewer(lot.streamId(), named(Api.unique("bob"), "Bob"))) {
                bob.await("snapshot");
                bob.send("{\"type\":\"bid\",\"auctionId\":" + id + ",\"requestId\":\"b\",\"maxAmountMinor\":2500}");
                assertEquals("LEADING", bob.await("bid-answer").path("data").path("outcome").asText());
            }
            JsonNode closed = watching.await(f -> f.path("type").asText().equals("auction.closed"), Duration.ofSeconds(60));
            assertEquals("CLOSED", closed.path("data").path("status").asText());
            assertTrue(closed.path("data").path("sold").asBoolean(), closed.toString());
            assertEquals("Bob", closed.path("data").path("winnerName").asText());
            assertEquals(1000, closed.path("data").path("priceMinor").asLong());
            AuctionFixtures.assertInvariants(id);
        }
        try (WsClient late = WsClient.viewer(lot.streamId(), viewer(Api.unique("late")))) {
            assertTrue(late.await("snapshot").path("data").path("auction").isNull());
        }
    }

    /** Padding on the stream, large enough to fill a frozen viewer's socket; coalesced like any state. */
    record Padding(long streamId, int n, String text) implements StreamEvent {
        @Override
        public String type() {
            return "padding";
        }

        @Override
        public String coalesceKey() {
            return "padding";
        }
    }

    /**
     * A viewer whose socket is full gets the auction's price coalesced: once it reads again, fewer auction.bid frames
     * than a reading viewer got, the last one carrying the latest price, in sequence order.
     */
    @Test
    void aFrozenViewerGetsOnlyTheLatestPriceOnceItReadsAgain() throws Exception {
        AuctionFixtures.Lot lot = lot(2);
        long id = start(lot, 1000, 60, "STANDARD");
        Socket frozen = WsClient.frozen(lot.streamId(), viewer(Api.unique("frozen")));
        try (WsClient healthy = WsClient.viewer(lot.streamId(), viewer(Api.unique("healthy")))) {
            healthy.await("snapshot");
            String text = "p".repeat(32 * 1024);
            int pads = 400;
            for (int i = 0; i < pads; i++) {
                events.publish(new Padding(lot.streamId(), i, text));
            }
            healthy.await(f -> f.path("type").asText().equals("padding") && f.path("data").path("n").asInt() == pads - 1,
                    Duration.ofSeconds(60));
            List<String> bidders = AuctionFixtures.viewers(Api.unique("war"), 8);
            long price = 1000;
            for (int i = 0; i < bidders.size(); i++) {
                price = 1000 + 100L * i;
                AuctionFixtures.bid(bidders.get(i), id, "w" + i, "amountMinor", price).then().statusCode(201);
                AuctionFixtures.sleep(150); // past the price interval, so the reading viewer gets each price
            }
            long last = price;
            healthy.await(f -> f.path("type").asText().equals("auction.bid")
                    && f.path("data").path("priceMinor").asLong() == last, Duration.ofSeconds(30));
            int healthyPrices = healthy.frames("auction.bid").size();

            DataInputStream in = WsClient.thaw(frozen);
            List<JsonNode> prices = new ArrayList<>();
            long lastSeq = -1;
            while (prices.isEmpty() || prices.get(prices.size() - 1).path("data").path("priceMinor").asLong() != last) {
                JsonNode frame = JSON.readTree(WsClient.readTextFrame(in));
                if (frame.has("seq")) {
                    assertTrue(frame.path("seq").asLong() > lastSeq, "rising seq");
                    lastSeq = frame.path("seq").asLong();
                }
                if (frame.path("type").asText().equals("auction.bid")) {
                    prices.add(frame);
                }
            }
            assertTrue(prices.size() < healthyPrices, "coalesced: " + prices.size() + " of " + healthyPrices);
            AuctionFixtures.assertInvariants(id);
        } finally {
            frozen.close();
        }
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }

    private static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
