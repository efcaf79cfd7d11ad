package io.liveshop.voucher;

import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.stockOf;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.testing.ConcurrentClients;
import io.liveshop.testing.Shop;
import io.liveshop.testing.Streams;
import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
class VoucherTest {

    static Map<String, Object> voucher(String code, int quantity, int perBuyerLimit, Long streamId) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("kind", "FIXED");
        body.put("amountMinor", 500);
        body.put("minSpendMinor", 0);
        body.put("quantity", quantity);
        body.put("perBuyerLimit", perBuyerLimit);
        body.put("startsAt", Instant.now().minusSeconds(60).toString());
        body.put("endsAt", Instant.now().plusSeconds(3600).toString());
        if (streamId != null) {
            body.put("streamId", streamId);
        }
        return body;
    }

    static long create(String seller, Map<String, Object> body) {
        return as(seller).body(body).post("/api/vouchers").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static io.restassured.response.Response claim(String buyer, long voucherId, String key) {
        return as(buyer).header("Idempotency-Key", key).post("/api/vouchers/" + voucherId + "/claim");
    }

    static List<String> tokens(String prefix, int count) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("prefix", prefix, "count", count, "roles", List.of("viewer")))
                .post("/api/dev/tokens/batch").then().statusCode(200).extract().jsonPath().getList("token");
    }

    @Test
    void aRushClaimsExactlyTheQuantityWithinThePerBuyerLimit() {
        Streams live = Streams.live(1, 10);
        long voucherId = create(live.hostToken(), voucher("RUSH", 40, 2, live.streamId()));
        String early = token(unique("early"), "viewer");
        claim(early, voucherId, "e1").then().statusCode(200).body("outcome", equalTo("NOT_OPEN"));

        try (WsClient watcher = WsClient.viewer(live.streamId(), early)) {
            watcher.await("snapshot");
            as(live.hostToken()).body(Map.of("voucherId", voucherId))
                    .post("/api/streams/" + live.streamId() + "/vouchers").then().statusCode(200)
                    .body("dropped", equalTo(true));
            JsonNode dropped = watcher.await("voucher.dropped");
            assertEquals(voucherId, dropped.path("data").path("voucherId").asLong(), dropped.toString());
            try (WsClient late = WsClient.viewer(live.streamId(), token(unique("late"), "viewer"))) {
                JsonNode vouchers = late.await("snapshot").path("data").path("vouchers");
                assertEquals(1, vouchers.size(), vouchers.toString());
                assertEquals(voucherId, vouchers.get(0).path("id").asLong());
            }

            // 150 buyers, each trying three times with different keys: 450 attempts for 40 vouchers, 2 per buyer
            List<String> buyers = tokens(unique("rush"), 150);
            List<String[]> attempts = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (String b : buyers) {
                    attempts.add(new String[] { b, "r" + round });
                }
            }
            List<HttpResponse<String>> answers = ConcurrentClients.postAll(attempts.size(), i -> ConcurrentClients
                    .post("/api/vouchers/" + voucherId + "/claim", attempts.get(i)[0], "")
                    .header("Idempotency-Key", attempts.get(i)[1]).build());
            Map<String, Long> outcomes = answers.stream().collect(Collectors.groupingBy(
                    r -> r.statusCode() + " " + JsonPath.from(r.body()).getString("outcome"), Collectors.counting()));
            assertEquals(40L, outcomes.getOrDefault("201 CLAIMED", 0L), outcomes.toString());
            assertEquals(450L, outcomes.values().stream().mapToLong(Long::longValue).sum());
            assertTrue(outcomes.keySet().stream().allMatch(k -> k.equals("201 CLAIMED") || k.equals("200 GONE")
                    || k.equals("200 LIMIT_REACHED")), outcomes.toString());
            Map<String, Long> perBuyer = new HashMap<>();
            for (int i = 0; i < answers.size(); i++) {
                if (answers.get(i).statusCode() == 201) {
                    perBuyer.merge(attempts.get(i)[0], 1L, Long::sum);
                }
            }
            assertTrue(perBuyer.values().stream().allMatch(n -> n <= 2), perBuyer.toString());

            JsonPath invariant = as(live.hostToken()).get("/api/vouchers/" + voucherId + "/invariant")
                    .then().statusCode(200).extract().jsonPath();
            assertTrue(invariant.getBoolean("holds"), invariant.prettify());
            assertEquals(40, invariant.getInt("claimed"));
            assertEquals(0, invariant.getInt("available"));
            assertEquals(0, invariant.getInt("used"));
            as(early).get("/api/vouchers/" + voucherId).then().statusCode(200)
                    .body("claimed", equalTo(40)).body("available", equalTo(0));
            JsonNode closed = watcher.await(f -> f.path("type").asText().equals("voucher.closed"), Duration.ofSeconds(15));
            assertEquals("GONE", closed.path("data").path("reason").asText());
        }
        try (WsClient late = WsClient.viewer(live.streamId(), token(unique("later"), "viewer"))) {
            assertEquals(0, late.await("snapshot").path("data").path("vouchers").size());
        }
    }

    @Test
    void aClaimIsAnsweredOnceOverHttpAndOnTheSocket() {
        Streams live = Streams.live(1, 10);
        long voucherId = create(live.hostToken(), voucher("ONCE", 5, 3, live.streamId()));
        as(live.hostToken()).body(Map.of("voucherId", voucherId))
                .post("/api/streams/" + live.streamId() + "/vouchers").then().statusCode(200);
        String buyer = token(unique("once"), "viewer");
        long claimId = claim(buyer, voucherId, "c1").then().statusCode(201).body("outcome", equalTo("CLAIMED"))
                .extract().jsonPath().getLong("claimId");
        claim(buyer, voucherId, "c1").then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("claimId", equalTo((int) claimId));
        claim(buyer, voucherId, "x".repeat(200)).then().statusCode(400);
        as(buyer).post("/api/vouchers/" + voucherId + "/claim").then().statusCode(400);

        try (WsClient socket = WsClient.viewer(live.streamId(), buyer)) {
            socket.await("snapshot");
            socket.send("{\"type\":\"claim\",\"voucherId\":" + voucherId + ",\"requestId\":\"ws-1\"}");
            JsonNode answer = socket.await("claim-answer");
            assertEquals("ws-1", answer.path("requestId").asText(), answer.toString());
            assertEquals("CLAIMED", answer.path("data").path("outcome").asText(), answer.toString());
            socket.send("{\"type\":\"claim\",\"voucherId\":\"nope\",\"requestId\":\"ws-2\"}");
            JsonNode error = socket.await("error");
            assertNotNull(error);
        }
        JsonPath invariant = as(live.hostToken()).get("/api/vouchers/" + voucherId + "/invariant").then()
                .extract().jsonPath();
        assertTrue(invariant.getBoolean("holds"), invariant.prettify());
        assertEquals(2, invariant.getInt("claimed"));
        assertEquals(3, invariant.getInt("available"));

        // the stream ends: a live-only voucher is no longer claimable
        as(live.hostToken()).post("/api/streams/" + live.streamId() + "/end").then().statusCode(200);
        claim(token(unique("after"), "viewer"), voucherId, "a1").then().statusCode(200)
                .body("outcome", equalTo("NOT_LIVE"));
        claim(token(unique("after2"), "viewer"), voucherId, "a1").then().statusCode(200)
                .body("outcome", equalTo("NOT_LIVE"));
        assertTrue(as(live.hostToken()).get("/api/vouchers/" + voucherId + "/invariant").then().extract().jsonPath()
                .getBoolean("holds"));
    }

    @Test
    void theStreamsEndClosesItsLiveOnlyVouchersForTheViewersAtOnce() {
        Streams live = Streams.live(1, 10);
        long voucherId = create(live.hostToken(), voucher("BYE", 20, 1, live.streamId()));
        as(live.hostToken()).body(Map.of("voucherId", voucherId))
                .post("/api/streams/" + live.streamId() + "/vouchers").then().statusCode(200);
        String buyer = token(unique("bye"), "viewer");
        claim(buyer, voucherId, "b1").then().statusCode(201);

        try (WsClient watcher = WsClient.viewer(live.streamId(), token(unique("bye-watch"), "viewer"))) {
            assertEquals(1, watcher.await("snapshot").path("data").path("vouchers").size());
            as(live.hostToken()).post("/api/streams/" + live.streamId() + "/end").then().statusCode(200);
            // nobody claims after the end: the stream's end alone closes the voucher
            JsonNode closed = watcher.await(f -> f.path("type").asText().equals("voucher.closed"), Duration.ofSeconds(15));
            assertEquals(voucherId, closed.path("data").path("voucherId").asLong(), closed.toString());
            assertEquals("NOT_LIVE", closed.path("data").path("reason").asText(), closed.toString());
        }
        claim(token(unique("bye-late"), "viewer"), voucherId, "l1").then().statusCode(200)
                .body("outcome", equalTo("NOT_LIVE"));
        JsonPath invariant = as(live.hostToken()).get("/api/vouchers/" + voucherId + "/invariant").then()
                .extract().jsonPath();
        assertTrue(invariant.getBoolean("holds"), invariant.prettify());
        assertEquals(1, invariant.getInt("claimed"));
    }

    @Test
    void claimsPastTheRateAre429WithRetryAfterAndTakeNothing() {
        String seller = sellerWithShop(unique("v-rate"));
        long voucherId = create(seller, voucher("RATE", 100, 100, null));
        String buyer = token(unique("v-rate-buyer"), "viewer");
        // the test profile allows 10 attempts per user in a 60 s window
        for (int i = 0; i < 10; i++) {
            claim(buyer, voucherId, "rate-" + i).then().statusCode(201).body("outcome", equalTo("CLAIMED"));
        }
        claim(buyer, voucherId, "rate-10").then().statusCode(429).header("Retry-After", "60")
                .body("outcome", equalTo("RATE_LIMITED"));
        claim(buyer, voucherId, "rate-0").then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("outcome", equalTo("CLAIMED"));
        JsonPath invariant = as(seller).get("/api/vouchers/" + voucherId + "/invariant").then().extract().jsonPath();
        assertEquals(10, invariant.getInt("claimed"), invariant.prettify());
        assertTrue(invariant.getBoolean("holds"), invariant.prettify());
    }

    @Test
    void onlyItsSellerCreatesAndOnlyTheHostDropsAndBadVouchersAre400() {
        Streams live = Streams.live(1, 10);
        String viewer = token(unique("not-seller"), "viewer");
        as(viewer).body(voucher("NOPE", 5, 1, null)).post("/api/vouchers").then().statusCode(403);
        String otherSeller = sellerWithShop(unique("other-seller"));
        as(otherSeller).body(voucher("THEIRS", 5, 1, live.streamId())).post("/api/vouchers").then().statusCode(403);

        Map<String, Object> noAmount = voucher("BAD1", 5, 1, null);
        noAmount.remove("amountMinor");
        as(live.hostToken()).body(noAmount).post("/api/vouchers").then().statusCode(400)
                .body("errors[0].field", equalTo("amountMinor"));
        Map<String, Object> backwards = voucher("BAD2", 5, 1, null);
        backwards.put("endsAt", Instant.now().minusSeconds(3600).toString());
        as(live.hostToken()).body(backwards).post("/api/vouchers").then().statusCode(400);
        Map<String, Object> tooMuch = voucher("BAD3", 5, 1, null);
        tooMuch.remove("amountMinor");
        tooMuch.put("kind", "PERCENT");
        tooMuch.put("percent", 150);
        as(live.hostToken()).body(tooMuch).post("/api/vouchers").then().statusCode(400);

        Map<String, Object> mine = voucher("MINE", 5, 1, live.streamId());
        long voucherId = create(live.hostToken(), mine);
        as(live.hostToken()).body(mine).post("/api/vouchers").then().statusCode(200)
                .header("Idempotent-Replayed", "true").body("id", equalTo((int) voucherId));
        as(live.hostToken()).body(voucher("MINE", 5, 1, null)).post("/api/vouchers").then().statusCode(409)
                .body("code", equalTo("code-taken"));
        Map<String, Object> moreUnits = new HashMap<>(mine);
        moreUnits.put("quantity", 6);
        as(live.hostToken()).body(moreUnits).post("/api/vouchers").then().statusCode(409)
                .body("code", equalTo("code-taken"));
        as(live.hostToken()).get("/api/vouchers/" + voucherId).then().body("quantity", equalTo(5));
        as(otherSeller).body(Map.of("voucherId", voucherId)).post("/api/streams/" + live.streamId() + "/vouchers")
                .then().statusCode(403);
        as(live.hostToken()).get("/api/vouchers/" + voucherId).then().body("dropped", equalTo(false));
    }

    @Test
    void aClaimedVoucherDiscountsItsSellersOrderOnceAndADeclineLeavesItUnused() {
        String seller = sellerWithShop(unique("v-seller"));
        String other = sellerWithShop(unique("v-other"));
        long lamp = activeProduct(seller, "Lamp", 10000, 10);
        long mug = activeProduct(other, "Mug", 900, 10);
        Map<String, Object> tenPercent = voucher("TEN", 10, 1, null);
        tenPercent.remove("amountMinor");
        tenPercent.put("kind", "PERCENT");
        tenPercent.put("percent", 10);
        tenPercent.put("minSpendMinor", 5000);
        long voucherId = create(seller, tenPercent);
        String subject = unique("v-buyer");
        String buyer = token(subject, "viewer");
        Shop.address(buyer);
        Shop.addToCart(buyer, lamp, 1);
        Shop.addToCart(buyer, mug, 1);

        as(buyer).header("Idempotency-Key", "v0").body(Map.of("cardToken", "tok_visa", "voucherIds", List.of(voucherId)))
                .post("/api/checkout").then().statusCode(409).body("code", equalTo("voucher-unavailable"));
        claim(buyer, voucherId, "claim-1").then().statusCode(201);

        as(buyer).header("Idempotency-Key", "v1").body(Map.of("cardToken", "tok_chargeDeclined", "voucherIds", List.of(voucherId)))
                .post("/api/checkout").then().statusCode(402);
        assertEquals(0, as(seller).get("/api/vouchers/" + voucherId + "/invariant").then().extract().jsonPath().getInt("used"));

        JsonPath paid = as(buyer).header("Idempotency-Key", "v2")
                .body(Map.of("cardToken", "tok_visa", "voucherIds", List.of(voucherId)))
                .post("/api/checkout").then().statusCode(201).extract().jsonPath();
        int lampOrder = paid.getLong("orders[0].sellerId") == sellerId(seller) ? 0 : 1;
        assertEquals(1000, paid.getLong("orders[" + lampOrder + "].discountMinor"), "10 % of the lamp's seller only");
        assertEquals(10000 + 499 - 1000, paid.getLong("orders[" + lampOrder + "].totalMinor"));
        assertEquals(0, paid.getLong("orders[" + (1 - lampOrder) + "].discountMinor"));
        assertEquals(10000 + 499 - 1000 + 900 + 499, paid.getLong("chargedMinor"));
        JsonPath invariant = as(seller).get("/api/vouchers/" + voucherId + "/invariant").then().extract().jsonPath();
        assertEquals(1, invariant.getInt("used"));
        assertTrue(invariant.getBoolean("holds"), invariant.prettify());

        Shop.addToCart(buyer, lamp, 1);
        as(buyer).header("Idempotency-Key", "v3").body(Map.of("cardToken", "tok_visa", "voucherIds", List.of(voucherId)))
                .post("/api/checkout").then().statusCode(409).body("code", equalTo("voucher-unavailable"));
        assertEquals(9, stockOf(lamp));
    }

    @Test
    void concurrentCheckoutsNeverUseOneClaimTwice() {
        String seller = sellerWithShop(unique("v-race"));
        List<Long> products = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            products.add(activeProduct(seller, "Item " + i, 2000, 10));
        }
        long voucherId = create(seller, voucher("ONCEONLY", 10, 1, null));
        String buyer = token(unique("v-race-buyer"), "viewer");
        Shop.address(buyer);
        products.forEach(p -> Shop.addToCart(buyer, p, 1));
        claim(buyer, voucherId, "only").then().statusCode(201);

        List<HttpResponse<String>> answers = ConcurrentClients.postAll(products.size(), i -> ConcurrentClients
                .post("/api/checkout", buyer, Shop.checkoutJson("tok_visa", List.of(products.get(i)), List.of(voucherId)))
                .header("Idempotency-Key", "race-" + i).build());
        List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertTrue(answers.stream().filter(r -> r.statusCode() != 201)
                .allMatch(r -> r.statusCode() == 409 && r.body().contains("voucher-unavailable")),
                () -> answers.stream().map(HttpResponse::body).toList().toString());
        int sold = 0;
        for (long p : products) {
            sold += 10 - stockOf(p);
        }
        assertEquals(1, sold, "only the winning checkout took stock");
        JsonPath invariant = as(seller).get("/api/vouchers/" + voucherId + "/invariant").then().extract().jsonPath();
        assertEquals(1, invariant.getInt("used"));
        assertTrue(invariant.getBoolean("holds"));
    }

    private static long sellerId(String sellerToken) {
        return as(sellerToken).get("/api/sellers/me").then().extract().jsonPath().getLong("id");
    }

}
