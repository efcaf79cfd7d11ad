package io.liveshop.auction;

import static io.liveshop.auction.AuctionFixtures.assertInvariants;
import static io.liveshop.auction.AuctionFixtures.awaitClosed;
import static io.liveshop.auction.AuctionFixtures.bid;
import static io.liveshop.auction.AuctionFixtures.bids;
import static io.liveshop.auction.AuctionFixtures.lot;
import static io.liveshop.auction.AuctionFixtures.start;
import static io.liveshop.auction.AuctionFixtures.startResponse;
import static io.liveshop.auction.AuctionFixtures.view;
import static io.liveshop.auction.AuctionFixtures.viewer;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.stockOf;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveshop.testing.Api;
import io.liveshop.testing.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuctionTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    AuctionService service;

    private final List<Long> touched = new ArrayList<>();

    @AfterEach
    void invariantsHold() {
        touched.forEach(AuctionFixtures::assertInvariants);
    }

    private long started(AuctionFixtures.Lot lot, long starting, int duration, String mode) {
        long id = start(lot, starting, duration, mode);
        touched.add(id);
        return id;
    }

    @Test
    void startTakesTheUnitFromStockAndCancelBeforeTheFirstBidGivesItBack() {
        AuctionFixtures.Lot lot = lot(3);
        long id = started(lot, 1000, 60, "STANDARD");
        assertEquals(2, stockOf(lot.productId()));
        JsonPath v = view(id);
        assertEquals("RUNNING", v.getString("status"));
        assertEquals(1000L, v.getLong("minNextBidMinor"));
        assertEquals(List.of(1000, 1100, 1200), v.getList("quickBidsMinor"));
        assertEquals(10, v.getInt("extensionSeconds"));

        startResponse(lot, lot.hostToken(), 1000, 60, "STANDARD", null).then().statusCode(409)
                .body("code", equalTo("auction-running"));
        assertEquals(2, stockOf(lot.productId()), "a refused start takes nothing");

        as(lot.hostToken()).post("/api/auctions/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
        assertEquals(3, stockOf(lot.productId()));
        bid(viewer(Api.unique("late")), id, "k1", "amountMinor", 1000).then().statusCode(200)
                .body("outcome", equalTo("ENDED"));
        as(lot.hostToken()).post("/api/auctions/" + id + "/cancel").then().statusCode(409);
    }

    @Test
    void onlyTheStreamsHostStartsAndTheHostAndCoHostsCannotBid() {
        AuctionFixtures.Lot lot = lot(2);
        String other = Api.sellerWithShop(Api.unique("other-seller"));
        startResponse(lot, other, 1000, 60, "STANDARD", null).then().statusCode(403);
        startResponse(lot, viewer(Api.unique("v")), 1000, 60, "STANDARD", null).then().statusCode(403);
        assertEquals(2, stockOf(lot.productId()), "nothing taken");

        String coHostId = Api.unique("cohost");
        as(lot.hostToken()).body(Map.of("userId", coHostId)).post("/api/streams/" + lot.streamId() + "/cohosts")
                .then().statusCode(200);
        long id = started(lot, 1000, 60, "STANDARD");
        bid(lot.hostToken(), id, "h1", "amountMinor", 5000).then().statusCode(403);
        bid(Api.token(coHostId, "host"), id, "c1", "maxAmountMinor", 5000).then().statusCode(403);
        assertTrue(bids(id).isEmpty(), "nothing recorded");
        assertEquals(0, view(id).getInt("bidCount"));

        String stranger = Api.token(Api.unique("stranger"), "host", "seller");
        as(stranger).post("/api/auctions/" + id + "/cancel").then().statusCode(403);
        bid(viewer(Api.unique("b")), id, "b1", "amountMinor", 1000).then().statusCode(201);
        as(lot.hostToken()).post("/api/auctions/" + id + "/cancel").then().statusCode(409)
                .body("code", equalTo("auction-has-bids"));
    }

    /** A co-host named while the auction runs is refused from then on (403, nothing recorded). */
    @Test
    void aCoHostNamedDuringTheAuctionCannotBid() {
        AuctionFixtures.Lot lot = lot(2);
        long id = started(lot, 1000, 60, "STANDARD");
        String coHostId = Api.unique("late-cohost");
        String coHost = viewer(coHostId);
        bid(viewer(Api.unique("fan")), id, "f1", "amountMinor", 1000).then().statusCode(201);
        try (WsClient watching = WsClient.viewer(lot.streamId(), viewer(Api.unique("w")))) {
            watching.await("snapshot");
            as(lot.hostToken()).body(Map.of("userId", coHostId)).post("/api/streams/" + lot.streamId() + "/cohosts")
                    .then().statusCode(200);
            watching.await("cohosts"); // the event that also reached the auction
        }
        bid(coHost, id, "c1", "amountMinor", 2000).then().statusCode(403);
        bid(coHost, id, "c2", "maxAmountMinor", 9000).then().statusCode(403);
        assertEquals(1, view(id).getInt("bidCount"), "nothing recorded");
        assertEquals(1000L, view(id).getLong("priceMinor"));
    }

    @Test
    void badBidsAreRefusedAndNothingIsWritten() {
        AuctionFixtures.Lot lot = lot(2);
        long id = started(lot, 1000, 60, "STANDARD");
        String b = viewer(Api.unique("bad"));
        as(b).body(Map.of("amountMinor", 1000)).post("/api/auctions/" + id + "/bids").then().statusCode(400);
        as(b).header("Idempotency-Key", "x").body(Map.of("amountMinor", 1000, "maxAmountMinor", 2000))
                .post("/api/auctions/" + id + "/bids").then().statusCode(400);
        as(b).header("Idempotency-Key", "x").body(Map.of()).post("/api/auctions/" + id + "/bids").then().statusCode(400);
        as(b).header("Idempotency-Key", "y").body(Map.of("amountMinor", -5)).post("/api/auctions/" + id + "/bids")
                .then().statusCode(400);
        bid(b, 999_999, "z", "amountMinor", 1000).then().statusCode(404);
        bid(b, id, "low", "amountMinor", 999).then().statusCode(200).body("outcome", equalTo("TOO_LOW"))
                .body("minNextBidMinor", equalTo(1000));
        assertTrue(bids(id).isEmpty());
    }

    @Test
    void maxBidsBidForTheirOwnersAndTheEarlierWinsATie() {
        AuctionFixtures.Lot lot = lot(2);
        long id = started(lot, 1000, 60, "SUDDEN_DEATH");
        String a = viewer(Api.unique("a"));
        String b = viewer(Api.unique("b"));
        String c = viewer(Api.unique("c"));
        bid(a, id, "a1", "maxAmountMinor", 3000).then().statusCode(201).body("outcome", equalTo("LEADING"))
                .body("priceMinor", equalTo(1000));
        bid(b, id, "b1", "amountMinor", 2000).then().statusCode(201).body("outcome", equalTo("OUTBID"))
                .body("priceMinor", equalTo(2100));
        bid(c, id, "c1", "maxAmountMinor", 3000).then().statusCode(201).body("outcome", equalTo("OUTBID"))
                .body("priceMinor", equalTo(3000));
        bid(b, id, "b2", "maxAmountMinor", 6000).then().statusCode(201).body("outcome", equalTo("LEADING"))
                .body("priceMinor", equalTo(3100));
        JsonPath v = view(id);
        assertEquals(3100L, v.getLong("priceMinor"));
        List<Map<String, Object>> rows = bids(id);
        assertTrue(rows.stream().anyMatch(r -> Boolean.TRUE.equals(r.get("auto"))), "auto bids are listed: " + rows);
        assertEquals(List.of(1000L, 2000L, 2100L, 3000L, 3100L),
                rows.stream().map(AuctionFixtures::amount).toList(), rows.toString());
    }

    @Test
    void retriesGetTheFirstAnswerAndAKeyReusedForAnotherBidIsRefused() {
        AuctionFixtures.Lot lot = lot(2);
        long id = started(lot, 1000, 60, "STANDARD");
        String a = viewer(Api.unique("retry"));
        bid(a, id, "same", "amountMinor", 1500).then().statusCode(201).body("replayed", equalTo(false));
        bid(a, id, "same", "amountMinor", 1500).then().statusCode(200).body("replayed", equalTo(true))
                .body("outcome", equalTo("LEADING")).header("Idempotent-Replayed", "true");
        bid(a, id, "same", "amountMinor", 1600).then().statusCode(422).body("code", equalTo("idempotency-key-reused"));
        assertEquals(1, view(id).getInt("bidCount"));
    }

    /** The same request id sent several times at once: one bid is decided and recorded, every copy gets its answer. */
    @Test
    void concurrentDuplicatesOfARequestGetOneAnswerAndOneBid() throws Exception {
        AuctionFixtures.Lot lot = lot(2);
        long id = started(lot, 1000, 60, "STANDARD");
        int bidders = 12;
        int copies = 3;
        List<String> tokens = AuctionFixtures.viewers(Api.unique("dup"), bidders);
        ExecutorService pool = Executors.newFixedThreadPool(bidders * copies);
        CyclicBarrier together = new CyclicBarrier(bidders * copies);
        List<List<Future<AuctionFixtures.Bid>>> sent = new ArrayList<>();
        for (int i = 0; i < bidders; i++) {
            String token = tokens.get(i);
            String key = "dup-" + i;
            long amount = 1000 + 100L * ((i * 7) % bidders); // distinct amounts in a shuffled order
            List<Future<AuctionFixtures.Bid>> mine = new ArrayList<>();
            for (int c = 0; c < copies; c++) {
                mine.add(pool.submit(() -> {
                    together.await();
                    return AuctionFixtures.send(base, token, key, id, key, "amountMinor", amount);
                }));
            }
            sent.add(mine);
        }
        long accepted = 0;
        for (List<Future<AuctionFixtures.Bid>> mine : sent) {
            List<AuctionFixtures.Bid> answers = new ArrayList<>();
            for (Future<AuctionFixtures.Bid> f : mine) {
                answers.add(f.get());
            }
            assertEquals(1, answers.stream().filter(a -> !a.replayed()).count(), "one first answer: " + answers);
            AuctionFixtures.Bid first = answers.stream().filter(a -> !a.replayed()).findFirst().orElseThrow();
            for (AuctionFixtures.Bid a : answers) {
                assertEquals(first.outcome(), a.outcome(), answers.toString());
                assertEquals(first.priceMinor(), a.priceMinor(), answers.toString());
                assertEquals(a.replayed() ? 200 : first.status(), a.status(), answers.toString());
            }
            accepted += first.accepted() ? 1 : 0;
        }
        pool.shutdown();
        assertTrue(accepted > 0);
        assertEquals(accepted, bids(id).size(), "each accepted request is one bid row, duplicates add none");
    }

    @Test
    void aBidInTheLastSecondsExtendsAStandardAuction() {
        AuctionFixtures.Lot lot = lot(2);
        long id = started(lot, 1000, 5, "STANDARD");
        Instant before = Instant.parse(view(id).getString("endsAt"));
        Instant sent = Instant.now();
        bid(viewer(Api.unique("sniper")), id, "s1", "amountMinor", 1000).then().statusCode(201);
        Instant after = Instant.parse(view(id).getString("endsAt"));
        assertTrue(after.isAfter(before), before + " -> " + after);
        assertFalse(after.isBefore(sent.plusSeconds(10)), "the end moved to 10 s after the bid");
    }

    /** Hundreds of bidders keep bidding the quick-bid amount until the close: one winner at the last bid. */
    @Test
    void concurrentBiddersRacingTheCloseGetExactlyOneWinner() throws Exception {
        AuctionFixtures.Lot lot = lot(3);
        long id = started(lot, 1000, 6, "SUDDEN_DEATH");
        int n = 200;
        List<String> tokens = AuctionFixtures.viewers(Api.unique("rush"), n);
        ExecutorService pool = Executors.newFixedThreadPool(64);
        List<Future<List<AuctionFixtures.Bid>>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String token = tokens.get(i);
            String who = "rush-" + i;
            all.add(pool.submit(() -> {
                List<AuctionFixtures.Bid> mine = new ArrayList<>();
                long amount = 1000;
                for (int k = 0; k < 40; k++) {
                    AuctionFixtures.Bid answer = AuctionFixtures.send(base, token, who, id, who + "-" + k, "amountMinor",
                            amount);
                    mine.add(answer);
                    if ("ENDED".equals(answer.outcome())) {
                        break;
                    }
                    amount = Math.max(amount, answer.minNext());
                    AuctionFixtures.sleep(150);
                }
                return mine;
            }));
        }
        List<AuctionFixtures.Bid> answers = new ArrayList<>();
        for (Future<List<AuctionFixtures.Bid>> f : all) {
            answers.addAll(f.get());
        }
        pool.shutdown();
        JsonPath v = awaitClosed(id);
        assertEquals("CLOSED", v.getString("status"));
        List<Map<String, Object>> rows = bids(id);
        long accepted = answers.stream().filter(AuctionFixtures.Bid::accepted).count();
        assertTrue(accepted > 0);
        assertEquals(accepted, rows.stream().filter(r -> !Boolean.TRUE.equals(r.get("auto"))).count(),
                "every LEADING/OUTBID answer is a durable bid, and nothing else is");
        assertTrue(answers.stream().allMatch(a -> a.status() == (a.accepted() ? 201 : a.status() == 429 ? 429 : 200)),
                "statuses match outcomes");
        Map<String, Object> last = rows.get(rows.size() - 1);
        assertEquals(last.get("bidderId"), v.getString("winnerId"));
        long orderId = v.getLong("orderId");
        String winnerToken = tokens.get(Integer.parseInt(v.getString("winnerId").substring(v.getString("winnerId")
                .lastIndexOf('-') + 1)) - 1);
        as(winnerToken).get("/api/orders/" + orderId).then().statusCode(200)
                .body("status", equalTo("PENDING_PAYMENT")).body("source", equalTo("AUCTION"))
                .body("totalMinor", equalTo(v.getInt("priceMinor")));
        assertEquals(2, stockOf(lot.productId()), "the sold unit stays taken");
        assertTrue(answers.stream().anyMatch(a -> "ENDED".equals(a.outcome())), "bids raced the close");
    }

    @Test
    void belowTheReserveThereIsNoSaleAndTheUnitGoesBack() {
        AuctionFixtures.Lot lot = lot(1);
        long id = AuctionFixtures.startResponse(lot, lot.hostToken(), 1000, 5, "SUDDEN_DEATH", 5000L).then()
                .statusCode(201).extract().jsonPath().getLong("id");
        touched.add(id);
        assertEquals(0, stockOf(lot.productId()));
        bid(viewer(Api.unique("cheap")), id, "c1", "amountMinor", 1200).then().statusCode(201);
        JsonPath v = awaitClosed(id);
        assertEquals("CLOSED", v.getString("status"));
        assertFalse(v.getBoolean("reserveMet"));
        assertEquals(1, stockOf(lot.productId()));
    }

    @Test
    void aRestartResumesFromTheAcceptedBidsWithTheEndKept() {
        AuctionFixtures.Lot lot = lot(2);
        long id = started(lot, 1000, 120, "STANDARD");
        String a = viewer(Api.unique("before"));
        String b = viewer(Api.unique("after"));
        bid(a, id, "a1", "maxAmountMinor", 4000).then().statusCode(201);
        bid(b, id, "b1", "amountMinor", 2000).then().statusCode(201).body("outcome", equalTo("OUTBID"));
        JsonPath before = view(id);

        service.forgetAll();
        assertTrue(service.recover().await().atMost(Duration.ofSeconds(30)) >= 1);

        JsonPath after = view(id);
        assertEquals(before.getLong("priceMinor"), after.getLong("priceMinor"));
        assertEquals(before.getString("leaderId"), after.getString("leaderId"));
        assertEquals(before.getString("endsAt"), after.getString("endsAt"));
        bid(b, id, "b1", "amountMinor", 2000).then().statusCode(200).body("replayed", equalTo(true))
                .body("outcome", equalTo("OUTBID"));
        bid(b, id, "b2", "amountMinor", 3900).then().statusCode(201).body("outcome", equalTo("OUTBID"))
                .body("priceMinor", equalTo(4000));
        bid(b, id, "b3", "amountMinor", 4100).then().statusCode(201).body("outcome", equalTo("LEADING"));
    }

    /** The server was down when the end passed: recovery closes from the stored bids, with the winner's order. */
    @Test
    void anAuctionWhoseEndPassedWhileDownClosesFromItsStoredBids() {
        AuctionFixtures.Lot lot = lot(2);
        long id = started(lot, 1000, 5, "SUDDEN_DEATH");
        String aId = Api.unique("max");
        bid(viewer(aId), id, "a1", "maxAmountMinor", 3000).then().statusCode(201);
        bid(viewer(Api.unique("plain")), id, "b1", "amountMinor", 2000).then().statusCode(201)
                .body("outcome", equalTo("OUTBID")).body("priceMinor", equalTo(2100));
        Instant endsAt = Instant.parse(view(id).getString("endsAt"));

        service.forgetAll(); // the crash: nothing in memory, no timer; nobody reads the auction while it is down
        while (!Instant.now().isAfter(endsAt.plusMillis(500))) {
            AuctionFixtures.sleep(100);
        }
        service.recover().await().atMost(Duration.ofSeconds(30));

        JsonPath v = awaitClosed(id);
        assertEquals("CLOSED", v.getString("status"), v.prettify());
        assertEquals(aId, v.getString("winnerId"));
        assertEquals(2100L, v.getLong("priceMinor"));
        assertEquals(endsAt.toString(), Instant.parse(v.getString("endsAt")).toString(), "the end was kept");
        List<Map<String, Object>> rows = bids(id);
        assertEquals(aId, rows.get(rows.size() - 1).get("bidderId"));
        assertEquals(1, stockOf(lot.productId()), "the won unit stays taken");
        bid(viewer(Api.unique("late")), id, "l1", "amountMinor", 5000).then().statusCode(200)
                .body("outcome", equalTo("ENDED"));
    }

    /**
     * A bid in flight when the node's memory is dropped: its answer (if any came) is the durable truth, and its
     * retry after recovery gets that same answer (replayed) or, if nothing was written, is decided afresh; never
     * two rows.
     */
    @Test
    void aBidInFlightDuringARestartIsEitherDurableOrRetriedFresh() throws Exception {
        AuctionFixtures.Lot lot = lot(2);
        long id = started(lot, 1000, 120, "STANDARD");
        bid(viewer(Api.unique("first")), id, "f1", "amountMinor", 1000).then().statusCode(201);
        String bId = Api.unique("inflight");
        String b = viewer(bId);
        CompletableFuture<AuctionFixtures.Bid> inFlight = CompletableFuture.supplyAsync(
                () -> AuctionFixtures.send(base, b, bId, id, "b1", "maxAmountMinor", 2500));
        service.forgetAll();
        AuctionFixtures.Bid during = inFlight.get();
        service.recover().await().atMost(Duration.ofSeconds(30));

        AuctionFixtures.Bid retry = AuctionFixtures.send(base, b, bId, id, "b1", "maxAmountMinor", 2500);
        assertEquals("LEADING", retry.outcome(), retry.body());
        if (during.accepted()) {
            assertTrue(retry.replayed(), "a bid answered as accepted is durable: " + during + " then " + retry);
            assertEquals(200, retry.status());
            assertEquals(during.priceMinor(), retry.priceMinor());
        } else {
            assertEquals(503, during.status(), during.body());
        }
        List<Map<String, Object>> rows = bids(id);
        assertEquals(1, rows.stream().filter(r -> bId.equals(r.get("bidderId"))).count(), rows.toString());
        assertEquals(1100L, view(id).getLong("priceMinor"), "the max bid leads one increment above");
    }
}
