package io.liveshop.auction;

import static io.liveshop.auction.AuctionFixtures.awaitClosed;
import static io.liveshop.auction.AuctionFixtures.bid;
import static io.liveshop.auction.AuctionFixtures.lot;
import static io.liveshop.auction.AuctionFixtures.start;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.stockOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveshop.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An unpaid win expires, its unit goes back, and the seller offers the lot to the runner-up at its last bid. */
@QuarkusTest
@TestProfile(AuctionRunnerUpTest.ShortWindow.class)
class AuctionRunnerUpTest {

    public static class ShortWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("liveshop.auctions.payment-window", "PT1S", "liveshop.orders.expiry-sweep", "1s");
        }
    }

    @Test
    void theRunnerUpGetsAnOrderAtItsLastBidAfterTheWinnersOrderExpired() {
        AuctionFixtures.Lot lot = lot(1);
        long id = start(lot, 1000, 5, "SUDDEN_DEATH");
        String winnerId = Api.unique("winner");
        String runnerId = Api.unique("runner");
        String winner = Api.token(winnerId, "viewer");
        String runner = Api.token(runnerId, "viewer");
        bid(runner, id, "r1", "amountMinor", 1500).then().statusCode(201);
        bid(winner, id, "w1", "amountMinor", 2000).then().statusCode(201);
        as(lot.hostToken()).post("/api/auctions/" + id + "/offer-runner-up").then().statusCode(409);

        JsonPath closed = awaitClosed(id);
        assertEquals(winnerId, closed.getString("winnerId"));
        long order = closed.getLong("orderId");
        long until = System.currentTimeMillis() + 60_000;
        while (!"EXPIRED".equals(as(winner).get("/api/orders/" + order).then().extract().path("status"))
                && System.currentTimeMillis() < until) {
            AuctionFixtures.sleep(200);
        }
        as(winner).get("/api/orders/" + order).then().body("status", equalTo("EXPIRED"));
        assertEquals(1, stockOf(lot.productId()), "the expired win gave its unit back");

        as(Api.token(Api.unique("stranger"), "host")).post("/api/auctions/" + id + "/offer-runner-up").then()
                .statusCode(403);
        long offered = as(lot.hostToken()).post("/api/auctions/" + id + "/offer-runner-up").then().statusCode(201)
                .body("buyerId", equalTo(runnerId)).body("priceMinor", equalTo(1500))
                .extract().jsonPath().getLong("orderId");
        as(runner).get("/api/orders/" + offered).then().statusCode(200).body("totalMinor", equalTo(1500))
                .body("status", equalTo("PENDING_PAYMENT")).body("source", equalTo("AUCTION"));
        assertEquals(0, stockOf(lot.productId()));
        as(lot.hostToken()).post("/api/auctions/" + id + "/offer-runner-up").then().statusCode(409)
                .body("code", equalTo("runner-up-offered"));
        AuctionFixtures.assertInvariants(id);
    }
}
