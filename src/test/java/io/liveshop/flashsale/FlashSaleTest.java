package io.liveshop.flashsale;

import static io.liveshop.flashsale.SaleFixtures.buy;
import static io.liveshop.flashsale.SaleFixtures.end;
import static io.liveshop.flashsale.SaleFixtures.invariant;
import static io.liveshop.flashsale.SaleFixtures.product;
import static io.liveshop.flashsale.SaleFixtures.rush;
import static io.liveshop.flashsale.SaleFixtures.startSale;
import static io.liveshop.flashsale.SaleFixtures.startSaleResponse;
import static io.liveshop.flashsale.SaleFixtures.stock;
import static io.liveshop.flashsale.SaleFixtures.token;
import static io.liveshop.flashsale.SaleFixtures.tokens;
import static io.liveshop.flashsale.SaleFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveshop.order.OrderStatus;
import io.liveshop.order.OrderStatusChanged;
import io.liveshop.payment.SandboxPaymentGateway;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FlashSaleTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    PreGatewayEventLog events;

    @Inject
    SaleRecovery recovery;

    @Inject
    SandboxPaymentGateway payments;

    @Test
    void retriedRequestGetsTheFirstAnswerAndNeverASecondUnit() {
        SaleFixtures.Product p = product(10);
        long saleId = startSale(p, 2, 2);
        String buyer = token(unique("retry-"), "viewer");
        List<String[]> same = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            same.add(new String[] { buyer, "same-key" });
        }
        List<SaleFixtures.Attempt> answers = rush(base, saleId, same, 12);
        Set<Long> orders = new HashSet<>();
        answers.forEach(a -> {
            assertEquals("WON", a.outcome(), a.body());
            orders.add(a.orderId());
        });
        assertEquals(1, orders.size(), "one order for one request id");
        assertEquals(1, answers.stream().filter(a -> !a.replayed()).count(), "exactly one first answer");
        buy(buyer, saleId, "same-key").then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("orderId", equalTo(orders.iterator().next().intValue()));
        JsonPath inv = invariant(p, saleId);
        assertTrue(inv.getBoolean("holds"), inv.prettify());
        assertEquals(1, inv.getInt("database.held"));

        // A losing answer is replayed too, even once units are free again.
        String other = token(unique("late-"), "viewer");
        buy(buyer, saleId, "second").then().statusCode(201);
        buy(other, saleId, "k").then().statusCode(200).body("outcome", equalTo("SOLD_OUT"));
        buy(other, saleId, "k").then().statusCode(200).body("outcome", equalTo("SOLD_OUT"))
                .body("replayed", equalTo(true));
        // The same key for a different sale is a different request.
        long otherSale = startSale(p, 1, 1);
        buy(other, otherSale, "k").then().statusCode(422).contentType("application/problem+json")
                .body("code", equalTo("idempotency-key-reused"));
        assertTrue(invariant(p, saleId).getBoolean("holds"));
    }

    @Test
    void badRequestsAreProblemsAndWriteNothing() {
        SaleFixtures.Product p = product(5);
        String viewer = token(unique("bad-"), "viewer");
        // invalid sale requests
        startSaleResponse(p, 3, 1, 5, 600).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("countdownSeconds"));
        startSaleResponse(p, 3, 1, 0, 30).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("durationSeconds"));
        startSaleResponse(p, 6, 1, 0, 600).then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("insufficient-stock"));
        given().auth().oauth2(p.sellerToken()).contentType(ContentType.JSON).body("{\"streamId\": 1, \"productId\": ")
                .post("/api/sales").then().statusCode(400).contentType("application/problem+json");
        SaleFixtures.Product someoneElses = product(5);
        given().auth().oauth2(p.sellerToken()).contentType(ContentType.JSON)
                .body(Map.of("streamId", someoneElses.streamId(), "productId", someoneElses.productId(), "priceMinor", 1, "quantity", 1,
                        "perBuyerLimit", 1, "durationSeconds", 60))
                .post("/api/sales").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(viewer).contentType(ContentType.JSON)
                .body(Map.of("streamId", p.streamId(), "productId", p.productId(), "priceMinor", 1, "quantity", 1,
                        "perBuyerLimit", 1, "durationSeconds", 60))
                .post("/api/sales").then().statusCode(403).contentType("application/problem+json");
        assertEquals(5, stock(p.productId()), "no stock taken by refused sales");
        assertEquals(5, stock(someoneElses.productId()));

        long saleId = startSale(p, 2, 1);
        given().auth().oauth2(viewer).post("/api/sales/" + saleId + "/buy").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("Idempotency-Key"));
        buy(viewer, saleId, "bad key with spaces").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(viewer).header("Idempotency-Key", "k").post("/api/sales/abc/buy").then().statusCode(400)
                .contentType("application/problem+json");
        buy(viewer, 987654321L, "k").then().statusCode(404).contentType("application/problem+json");
        given().header("Idempotency-Key", "k").post("/api/sales/" + saleId + "/buy").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(viewer).get("/api/sales/" + saleId + "/invariant").then().statusCode(403);
        given().auth().oauth2(viewer).post("/api/sales/" + saleId + "/end").then().statusCode(403);
        JsonPath inv = invariant(p, saleId);
        assertTrue(inv.getBoolean("holds"), inv.prettify());
        assertEquals(0, inv.getInt("database.held"), "no order written by bad buy requests");
        assertEquals(2, inv.getInt("memory.available"));
    }

    @Test
    void countdownAnswersNotOpenThenOpensAndEndsEarly() {
        SaleFixtures.Product p = product(10);
        JsonPath sale = startSaleResponse(p, 4, 1, 10, 600).then().statusCode(201)
                .body("status", equalTo("ANNOUNCED")).extract().jsonPath();
        long saleId = sale.getLong("id");
        assertEquals(6, stock(p.productId()));
        String buyer = token(unique("early-"), "viewer");
        buy(buyer, saleId, "too-early").then().statusCode(200).body("outcome", equalTo("NOT_OPEN"));
        assertTrue(events.streamEvents().stream().anyMatch(e -> e instanceof SaleAnnounced a && a.saleId() == saleId
                && a.countdownSeconds() == 10));

        int[] attempt = { 0 };
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(2)).until(() -> "WON".equals(
                buy(buyer, saleId, "try-" + attempt[0]++).then().extract().path("outcome")));
        await().atMost(Duration.ofSeconds(20)).until(() -> events.streamEvents().stream()
                .anyMatch(e -> e instanceof SaleOpened o && o.saleId() == saleId));

        JsonPath ended = end(p, saleId);
        assertEquals("ENDED", ended.getString("status"));
        buy(token(unique("after-"), "viewer"), saleId, "k").then().statusCode(200).body("outcome", equalTo("ENDED"));
        assertEquals(9, stock(p.productId()), "the 3 unsold units went back; the held one stays with the sale");
        JsonPath inv = invariant(p, saleId);
        assertTrue(inv.getBoolean("holds"), inv.prettify());
        assertEquals(1, inv.getInt("database.allocated"));
        assertEquals(3, inv.getInt("returned"));
        assertTrue(events.streamEvents().stream().anyMatch(e -> e instanceof SaleEnded x && x.saleId() == saleId
                && x.returned() == 3 && x.held() == 1));
        // ending twice is harmless
        end(p, saleId);
        assertEquals(9, stock(p.productId()));
    }

    @Test
    void buyAttemptsAreRateLimitedPerUser() {
        SaleFixtures.Product p = product(10);
        long saleId = startSale(p, 1, 1);
        String bot = token(unique("bot-"), "viewer");
        int limited = 0;
        for (int i = 0; i < 25; i++) {
            var response = buy(bot, saleId, "bot-" + i).then().extract();
            if (response.statusCode() == 429) {
                assertEquals("RATE_LIMITED", response.path("outcome"));
                limited++;
            }
        }
        assertEquals(5, limited, "20 attempts per window in the test profile");
        assertTrue(invariant(p, saleId).getBoolean("holds"));
    }

    @Test
    void winnerPaysWithTheExistingFlowAndGetsOrderEvents() {
        SaleFixtures.Product p = product(10);
        long saleId = startSale(p, 3, 1);
        String subject = unique("payer-");
        String buyer = token(subject, "viewer");
        long orderId = buy(buyer, saleId, "k").then().statusCode(201).body("outcome", equalTo("WON"))
                .extract().jsonPath().getLong("orderId");
        given().auth().oauth2(buyer).get("/api/orders/" + orderId).then().statusCode(200)
                .body("status", equalTo("PENDING_PAYMENT")).body("source", equalTo("FLASH_SALE"))
                .body("saleId", equalTo((int) saleId)).body("totalMinor", equalTo(4900))
                .body("lines[0].unitPriceMinor", equalTo(4900));
        given().auth().oauth2(buyer).contentType(ContentType.JSON).body(Map.of("cardToken", "tok_chargeDeclined"))
                .post("/api/orders/" + orderId + "/payment").then().statusCode(402);
        given().auth().oauth2(buyer).contentType(ContentType.JSON).body(Map.of("cardToken", "tok_visa"))
                .post("/api/orders/" + orderId + "/payment").then().statusCode(200).body("status", equalTo("PAID"));
        assertEquals(4900, payments.capturedFor("order-" + orderId));
        JsonPath inv = invariant(p, saleId);
        assertTrue(inv.getBoolean("holds"), inv.prettify());
        assertEquals(1, inv.getInt("memory.sold"));
        assertEquals(1, inv.getInt("database.sold"));
        assertEquals(2, inv.getInt("memory.available"));
        List<OrderStatus> seen = events.userEvents().stream()
                .filter(e -> e instanceof OrderStatusChanged o && o.orderId() == orderId)
                .map(e -> ((OrderStatusChanged) e).status()).toList();
        assertEquals(List.of(OrderStatus.PENDING_PAYMENT, OrderStatus.PAID), seen);
        assertTrue(events.userEvents().stream().anyMatch(e -> e instanceof BuyAnswered a && a.userId().equals(subject)
                && a.outcome() == BuyOutcome.WON));

        // buy-now orders publish their status too
        String other = token(unique("buynow-"), "viewer");
        long buyNow = given().auth().oauth2(other).contentType(ContentType.JSON)
                .body(Map.of("productId", p.productId(), "quantity", 1)).post("/api/orders")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        given().auth().oauth2(other).post("/api/orders/" + buyNow + "/cancel").then().statusCode(200);
        List<OrderStatus> buyNowSeen = events.userEvents().stream()
                .filter(e -> e instanceof OrderStatusChanged o && o.orderId() == buyNow)
                .map(e -> ((OrderStatusChanged) e).status()).toList();
        assertEquals(List.of(OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED), buyNowSeen);
    }

    @Test
    void cancelledHoldGoesBackToTheSale() {
        SaleFixtures.Product p = product(10);
        long saleId = startSale(p, 1, 1);
        String buyer = token(unique("cancel-"), "viewer");
        long orderId = buy(buyer, saleId, "k").then().statusCode(201).extract().jsonPath().getLong("orderId");
        String next = token(unique("next-"), "viewer");
        buy(next, saleId, "k1").then().body("outcome", equalTo("SOLD_OUT"));
        given().auth().oauth2(buyer).post("/api/orders/" + orderId + "/cancel").then().statusCode(200);
        assertEquals(9, stock(p.productId()), "the unit went back to the running sale, not the product");
        JsonPath inv = invariant(p, saleId);
        assertTrue(inv.getBoolean("holds"), inv.prettify());
        assertEquals(1, inv.getInt("memory.available"));
        buy(next, saleId, "k2").then().statusCode(201).body("outcome", equalTo("WON"));
        buy(buyer, saleId, "again").then().statusCode(200).body("outcome", equalTo("SOLD_OUT"));
        assertTrue(invariant(p, saleId).getBoolean("holds"));
    }

    @Test
    void restartRebuildsAdmissionWithoutLoss() {
        SaleFixtures.Product p = product(100);
        long saleId = startSale(p, 50, 1);
        String prefix = unique("crash");
        List<String> first = tokens(prefix, 30);
        List<String[]> attempts = new ArrayList<>();
        first.forEach(t -> attempts.add(new String[] { t, "k" }));
        List<SaleFixtures.Attempt> won = rush(base, saleId, attempts, 30);
        won.forEach(a -> assertEquals("WON", a.outcome(), a.body()));
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(first.get(i)).contentType(ContentType.JSON).body(Map.of("cardToken", "tok_visa"))
                    .post("/api/orders/" + won.get(i).orderId() + "/payment").then().statusCode(200);
        }

        int loaded = recovery.rebuild().await().atMost(Duration.ofSeconds(30));
        assertTrue(loaded >= 1);

        JsonPath inv = invariant(p, saleId);
        assertTrue(inv.getBoolean("holds"), inv.prettify());
        assertEquals(25, inv.getInt("memory.held"));
        assertEquals(5, inv.getInt("memory.sold"));
        assertEquals(20, inv.getInt("memory.available"));
        // the promise survives: a retry gets the same order; a winner at its limit cannot buy again
        buy(first.get(0), saleId, "k").then().statusCode(200).body("outcome", equalTo("WON"))
                .body("orderId", equalTo(won.get(0).orderId().intValue()));
        buy(first.get(7), saleId, "k-new").then().statusCode(200).body("outcome", equalTo("LIMIT_REACHED"));

        List<String> second = tokens(unique("after"), 100);
        List<String[]> more = new ArrayList<>();
        second.forEach(t -> more.add(new String[] { t, "k" }));
        List<SaleFixtures.Attempt> answers = rush(base, saleId, more, 64);
        assertEquals(20, answers.stream().filter(a -> "WON".equals(a.outcome())).count());
        assertEquals(80, answers.stream().filter(a -> "SOLD_OUT".equals(a.outcome())).count());
        inv = invariant(p, saleId);
        assertTrue(inv.getBoolean("holds"), inv.prettify());
        assertEquals(45, inv.getInt("database.held"));
        assertEquals(0, inv.getInt("database.available"));
        assertFalse(inv.getInt("maxPerBuyer") > 1);
    }
}
