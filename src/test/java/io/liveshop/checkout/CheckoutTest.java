package io.liveshop.checkout;

import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.stockOf;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveshop.payment.SandboxPaymentGateway;
import io.liveshop.testing.ConcurrentClients;
import io.liveshop.testing.Shop;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CheckoutTest {

    static final long SHIPPING = 499;

    @Inject
    SandboxPaymentGateway sandbox;

    record Buyer(String subject, String token) {
        static Buyer create(String prefix) {
            String subject = unique(prefix);
            return new Buyer(subject, io.liveshop.testing.Api.token(subject, "viewer"));
        }
    }

    @Test
    void oneChargeSplitIntoOneOrderPerSellerWithTotalsThatAddUp() {
        String sellerA = sellerWithShop(unique("co-a"));
        String sellerB = sellerWithShop(unique("co-b"));
        long a1 = activeProduct(sellerA, "Mug", 900, 10);
        long a2 = activeProduct(sellerA, "Cap", 1550, 10);
        long b1 = activeProduct(sellerB, "Lamp", 4999, 10);
        long kept = activeProduct(sellerB, "Kept in cart", 100, 10);
        Buyer buyer = Buyer.create("co-buyer");
        long address = Shop.address(buyer.token());
        Shop.addToCart(buyer.token(), a1, 2);
        Shop.addToCart(buyer.token(), a2, 1);
        Shop.addToCart(buyer.token(), b1, 3);
        Shop.addToCart(buyer.token(), kept, 1);

        JsonPath answer = as(buyer.token()).header("Idempotency-Key", "co-1")
                .body(Map.of("addressId", address, "cardToken", "tok_visa", "productIds", List.of(a1, a2, b1)))
                .post("/api/checkout").then().statusCode(201).extract().jsonPath();

        List<Map<String, Object>> orders = answer.getList("orders");
        assertEquals(2, orders.size(), "one order per seller");
        long subtotalA = 2 * 900 + 1550;
        long subtotalB = 3 * 4999;
        assertEquals(subtotalA, answer.getLong("orders[0].subtotalMinor"));
        assertEquals(subtotalB, answer.getLong("orders[1].subtotalMinor"));
        long sum = 0;
        for (int i = 0; i < 2; i++) {
            assertEquals(SHIPPING, answer.getLong("orders[" + i + "].shippingMinor"));
            assertEquals(0, answer.getLong("orders[" + i + "].discountMinor"));
            assertEquals("PAID", answer.getString("orders[" + i + "].status"));
            assertEquals(answer.getLong("orders[" + i + "].subtotalMinor") + SHIPPING,
                    answer.getLong("orders[" + i + "].totalMinor"));
            sum += answer.getLong("orders[" + i + "].totalMinor");
        }
        assertEquals(subtotalA + subtotalB + 2 * SHIPPING, answer.getLong("chargedMinor"));
        assertEquals(sum, answer.getLong("chargedMinor"), "order totals add up to the charge");
        assertEquals("EUR", answer.getString("currency"));
        assertEquals(sum, sandbox.capturedFor(reference(buyer, "co-1")), "one capture for the whole total");

        assertEquals(8, stockOf(a1));
        assertEquals(9, stockOf(a2));
        assertEquals(7, stockOf(b1));
        assertEquals(10, stockOf(kept));
        as(buyer.token()).get("/api/cart").then().body("lines.productId", equalTo(List.of((int) kept)));

        long orderA = answer.getLong("orders[0].id");
        as(buyer.token()).get("/api/orders/" + orderA).then().statusCode(200)
                .body("status", equalTo("PAID")).body("source", equalTo("CHECKOUT"))
                .body("totalMinor", equalTo((int) (subtotalA + SHIPPING))).body("lines", hasSize(2))
                .body("shipTo", equalTo("Ada Buyer, 1 Rue de la Paix, 75002 Paris, FR"));
        as(sellerA).get("/api/orders/" + orderA).then().statusCode(200);
        as(sellerB).get("/api/orders/" + orderA).then().statusCode(403);
    }

    @Test
    void aRetryAnswersTheSameOrdersAndAReusedKeyIsRefused() {
        String seller = sellerWithShop(unique("co-idem"));
        long mug = activeProduct(seller, "Mug", 900, 10);
        Buyer buyer = Buyer.create("co-idem-buyer");
        Shop.address(buyer.token());
        Shop.addToCart(buyer.token(), mug, 2);
        Map<String, Object> body = Map.of("cardToken", "tok_visa");

        long first = as(buyer.token()).header("Idempotency-Key", "k1").body(body).post("/api/checkout")
                .then().statusCode(201).extract().jsonPath().getLong("orders[0].id");
        as(buyer.token()).header("Idempotency-Key", "k1").body(body).post("/api/checkout")
                .then().statusCode(200).header("Idempotent-Replayed", "true")
                .body("orders[0].id", equalTo((int) first));
        as(buyer.token()).header("Idempotency-Key", "k1").body(Map.of("cardToken", "tok_mastercard"))
                .post("/api/checkout").then().statusCode(422).body("code", equalTo("idempotency-key-reused"));
        assertEquals(8, stockOf(mug), "the replay took nothing more");
        assertEquals(2 * 900 + SHIPPING, sandbox.capturedFor(reference(buyer, "k1")));

        as(buyer.token()).body(body).post("/api/checkout").then().statusCode(400)
                .body("errors[0].field", equalTo("Idempotency-Key"));
        as(buyer.token()).header("Idempotency-Key", "k2").body(body).post("/api/checkout").then().statusCode(409)
                .body("code", equalTo("empty-cart"));
    }

    @Test
    void concurrentRetriesWithOneKeyMakeOneCheckoutAndOneCharge() {
        String seller = sellerWithShop(unique("co-race"));
        long lamp = activeProduct(seller, "Lamp", 5000, 20);
        Buyer buyer = Buyer.create("co-race-buyer");
        Shop.address(buyer.token());
        Shop.addToCart(buyer.token(), lamp, 1);

        List<HttpResponse<String>> answers = ConcurrentClients.postAll(10, i -> ConcurrentClients
                .post("/api/checkout", buyer.token(), Shop.checkoutJson("tok_visa", null, null))
                .header("Idempotency-Key", "tap-tap").build());

        assertTrue(answers.stream().allMatch(r -> r.statusCode() == 201 || r.statusCode() == 200),
                () -> answers.stream().map(r -> r.statusCode() + " " + r.body()).toList().toString());
        assertEquals(1, answers.stream().filter(r -> r.statusCode() == 201).count());
        Set<Long> ids = answers.stream().map(r -> JsonPath.from(r.body()).getLong("id")).collect(Collectors.toSet());
        assertEquals(1, ids.size(), "every retry answers the same checkout");
        assertEquals(19, stockOf(lamp));
        assertEquals(5000 + SHIPPING, sandbox.capturedFor(reference(buyer, "tap-tap")), "charged once");
    }

    @Test
    void concurrentCheckoutsOfOneCartWithDifferentKeysBuyItOnceAndChargeOnce() {
        String seller = sellerWithShop(unique("co-twice"));
        long lamp = activeProduct(seller, "Lamp", 5000, 50);
        long mug = activeProduct(seller, "Mug", 900, 50);
        Buyer buyer = Buyer.create("co-twice-buyer");
        Shop.address(buyer.token());
        Shop.addToCart(buyer.token(), lamp, 2);
        Shop.addToCart(buyer.token(), mug, 1);

        int tabs = 8;
        List<HttpResponse<String>> answers = ConcurrentClients.postAll(tabs, i -> ConcurrentClients
                .post("/api/checkout", buyer.token(), Shop.checkoutJson("tok_visa", null, null))
                .header("Idempotency-Key", "tab-" + i).build());

        Map<Integer, Long> byStatus = answers.stream()
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertEquals(1L, byStatus.getOrDefault(201, 0L), () -> answers.stream().map(HttpResponse::body).toList().toString());
        assertEquals(tabs - 1L, byStatus.getOrDefault(409, 0L), "every other tab is refused: " + byStatus);
        assertTrue(answers.stream().filter(r -> r.statusCode() == 409)
                .allMatch(r -> r.body().contains("cart-changed") || r.body().contains("empty-cart")),
                () -> answers.stream().map(HttpResponse::body).toList().toString());
        assertEquals(48, stockOf(lamp), "the lamps were taken once");
        assertEquals(49, stockOf(mug));
        long charged = IntStream.range(0, tabs).mapToLong(i -> sandbox.capturedFor(reference(buyer, "tab-" + i))).sum();
        assertEquals(2 * 5000 + 900 + SHIPPING, charged, "charged once");
        as(buyer.token()).get("/api/orders").then().body("items", hasSize(1));
        as(buyer.token()).get("/api/cart").then().body("lines", hasSize(0));
    }

    @Test
    void aDeclinedCardTakesNothing() {
        String seller = sellerWithShop(unique("co-decline"));
        long mug = activeProduct(seller, "Mug", 900, 3);
        Buyer buyer = Buyer.create("co-decline-buyer");
        Shop.address(buyer.token());
        Shop.addToCart(buyer.token(), mug, 3);

        as(buyer.token()).header("Idempotency-Key", "d1").body(Map.of("cardToken", "tok_chargeDeclined"))
                .post("/api/checkout").then().statusCode(402).body("code", equalTo("payment-declined"));
        assertEquals(3, stockOf(mug));
        as(buyer.token()).get("/api/cart").then().body("lines[0].quantity", equalTo(3));
        as(buyer.token()).get("/api/orders").then().body("items", hasSize(0));
        assertEquals(0, sandbox.capturedFor(reference(buyer, "d1")));

        // the same key with a good card is a fresh attempt: nothing was stored for the declined one
        as(buyer.token()).header("Idempotency-Key", "d2").body(Map.of("cardToken", "tok_visa"))
                .post("/api/checkout").then().statusCode(201);
        assertEquals(0, stockOf(mug));
    }

    @Test
    void concurrentBuyersOfTheLastUnitsNeverOversellAndLosersKeepEverything() {
        String seller = sellerWithShop(unique("co-last"));
        long scarce = activeProduct(seller, "Last units", 2500, 5);
        long plenty = activeProduct(seller, "Plenty", 300, 1000);
        List<Buyer> buyers = IntStream.range(0, 24).mapToObj(i -> Buyer.create("co-last-" + i)).toList();
        for (Buyer b : buyers) {
            Shop.address(b.token());
            Shop.addToCart(b.token(), plenty, 1);
            Shop.addToCart(b.token(), scarce, 1);
        }

        List<HttpResponse<String>> answers = ConcurrentClients.postAll(buyers.size(), i -> ConcurrentClients
                .post("/api/checkout", buyers.get(i).token(), Shop.checkoutJson("tok_visa", null, null))
                .header("Idempotency-Key", "last").build());

        Map<Integer, Long> byStatus = answers.stream()
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertEquals(5L, byStatus.getOrDefault(201, 0L), "exactly the stock is sold: " + byStatus);
        assertEquals(19L, byStatus.getOrDefault(409, 0L), "everyone else is refused: " + byStatus);
        assertTrue(answers.stream().filter(r -> r.statusCode() == 409)
                .allMatch(r -> r.body().contains("line-unavailable") && r.body().contains("productId=" + scarce)),
                () -> answers.stream().map(HttpResponse::body).toList().toString());
        assertEquals(0, stockOf(scarce));
        assertEquals(1000 - 5, stockOf(plenty), "losers took nothing, not even the line that was available");
        long charged = 0;
        for (int i = 0; i < buyers.size(); i++) {
            long captured = sandbox.capturedFor(reference(buyers.get(i), "last"));
            if (answers.get(i).statusCode() == 201) {
                assertEquals(2500 + 300 + SHIPPING, captured);
                as(buyers.get(i).token()).get("/api/cart").then().body("lines", hasSize(0));
            } else {
                assertEquals(0, captured, "nothing charged to a loser");
                as(buyers.get(i).token()).get("/api/cart").then().body("lines", hasSize(2));
            }
            charged += captured;
        }
        assertEquals(5 * (2500 + 300 + SHIPPING), charged);
    }

    @Test
    void unbuyableRequestsAreRefusedBeforeAnyCharge() {
        String seller = sellerWithShop(unique("co-bad"));
        long eur = activeProduct(seller, "Euro mug", 900, 10);
        long usd = Shop.product(seller, "Dollar mug", 1000, 10, "USD");
        long archived = activeProduct(seller, "Gone", 500, 10);
        Buyer buyer = Buyer.create("co-bad-buyer");
        Buyer noAddress = Buyer.create("co-no-address");
        Shop.addToCart(noAddress.token(), eur, 1);
        as(noAddress.token()).header("Idempotency-Key", "n1").body(Map.of("cardToken", "tok_visa"))
                .post("/api/checkout").then().statusCode(409).body("code", equalTo("no-address"));

        Shop.address(buyer.token());
        Shop.addToCart(buyer.token(), eur, 1);
        Shop.addToCart(buyer.token(), usd, 1);
        Shop.addToCart(buyer.token(), archived, 1);
        as(seller).post("/api/products/" + archived + "/archive").then().statusCode(200);

        as(buyer.token()).header("Idempotency-Key", "b1").body(Map.of("cardToken", "tok_visa", "productIds", List.of(eur, usd)))
                .post("/api/checkout").then().statusCode(400).body("code", equalTo("mixed-currency"));
        as(buyer.token()).header("Idempotency-Key", "b2").body(Map.of("cardToken", "tok_visa", "productIds", List.of(archived)))
                .post("/api/checkout").then().statusCode(409).body("code", equalTo("line-unavailable"))
                .body("errors[0].field", equalTo("lines[productId=" + archived + "]"))
                .body("errors[0].message", equalTo("ARCHIVED"));
        as(buyer.token()).header("Idempotency-Key", "b3").body(Map.of("cardToken", "tok_visa", "productIds", List.of(987654321)))
                .post("/api/checkout").then().statusCode(409).body("code", equalTo("not-in-cart"));
        as(buyer.token()).header("Idempotency-Key", "b4").body(Map.of("cardToken", "tok_visa", "addressId", 987654321))
                .post("/api/checkout").then().statusCode(404);
        as(buyer.token()).header("Idempotency-Key", "b5").body(Map.of("cardToken", "tok_unknown", "productIds", List.of(eur)))
                .post("/api/checkout").then().statusCode(400);

        assertEquals(10, stockOf(eur));
        assertEquals(10, stockOf(usd));
        as(buyer.token()).get("/api/cart").then().body("lines", hasSize(3));
        as(buyer.token()).get("/api/orders").then().body("items", hasSize(0));

        // the euro line alone goes through
        as(buyer.token()).header("Idempotency-Key", "b6").body(Map.of("cardToken", "tok_visa", "productIds", List.of(eur)))
                .post("/api/checkout").then().statusCode(201).body("chargedMinor", equalTo((int) (900 + SHIPPING)));
    }

    static String reference(Buyer buyer, String key) {
        return "checkout-" + buyer.subject() + "-" + key;
    }
}
