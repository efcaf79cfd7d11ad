package io.liveshop.order;

import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.stockOf;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveshop.testing.ConcurrentClients;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BuyNowTest {

    @RepeatedTest(2)
    void concurrentBuyersOfTheLastUnitsGetExactlyTheStock() {
        String seller = sellerWithShop(unique("hot-seller"));
        long productId = activeProduct(seller, "Limited sneaker", 15000, 7);
        List<String> buyers = java.util.stream.IntStream.range(0, 60)
                .mapToObj(i -> token(unique("buyer" + i), "viewer")).toList();

        List<HttpResponse<String>> answers = ConcurrentClients.postAll(buyers.size(), i -> ConcurrentClients
                .post("/api/orders", buyers.get(i), "{\"productId\":" + productId + ",\"quantity\":1}").build());

        Map<Integer, Long> byStatus = answers.stream()
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertEquals(7L, byStatus.getOrDefault(201, 0L), "exactly the stock is sold: " + byStatus);
        assertEquals(53L, byStatus.getOrDefault(409, 0L), "every other buyer is told sold out: " + byStatus);
        assertTrue(answers.stream().filter(r -> r.statusCode() == 409).allMatch(r -> r.body().contains("sold-out")));
        assertEquals(0, stockOf(productId));
        int sellerOrders = as(seller).get("/api/sellers/me/orders?limit=100").then().statusCode(200)
                .extract().path("items.size()");
        assertEquals(7, sellerOrders);
    }

    @Test
    void sameIdempotencyKeySameBodyReturnsTheSameOrder() {
        String seller = sellerWithShop(unique("idem-seller"));
        long productId = activeProduct(seller, "Mug", 900, 10);
        String buyer = token(unique("idem-buyer"), "viewer");
        Map<String, Object> body = Map.of("productId", productId, "quantity", 2);

        Number first = as(buyer).header("Idempotency-Key", "order-1").body(body).post("/api/orders")
                .then().statusCode(201).body("status", equalTo("PENDING_PAYMENT")).body("totalMinor", equalTo(1800))
                .extract().path("id");
        as(buyer).header("Idempotency-Key", "order-1").body(body).post("/api/orders")
                .then().statusCode(200).header("Idempotent-Replayed", "true").body("id", equalTo(first.intValue()));
        as(buyer).header("Idempotency-Key", "order-1").body(Map.of("productId", productId, "quantity", 3))
                .post("/api/orders").then().statusCode(422).body("code", equalTo("idempotency-key-reused"));
        assertEquals(8, stockOf(productId), "the replay took no second stock");

        String otherBuyer = token(unique("idem-other"), "viewer");
        as(otherBuyer).header("Idempotency-Key", "order-1").body(body).post("/api/orders").then().statusCode(201);
        assertEquals(6, stockOf(productId), "keys are per buyer");
    }

    @Test
    void concurrentRetriesWithOneKeyCreateOneOrder() {
        String seller = sellerWithShop(unique("race-seller"));
        long productId = activeProduct(seller, "Lamp", 5000, 20);
        String buyer = token(unique("race-buyer"), "viewer");

        List<HttpResponse<String>> answers = ConcurrentClients.postAll(12, i -> ConcurrentClients
                .post("/api/orders", buyer, "{\"productId\":" + productId + ",\"quantity\":1}")
                .header("Idempotency-Key", "tap-tap-tap").build());

        assertTrue(answers.stream().allMatch(r -> r.statusCode() == 201 || r.statusCode() == 200),
                () -> answers.stream().map(r -> r.statusCode() + " " + r.body()).toList().toString());
        Set<String> orderIds = answers.stream()
                .map(r -> r.body().replaceAll(".*?\"id\":(\\d+).*", "$1")).collect(Collectors.toSet());
        assertEquals(1, orderIds.size(), "every retry answers the same order");
        assertEquals(19, stockOf(productId));
        int mine = as(buyer).get("/api/orders").then().extract().path("items.size()");
        assertEquals(1, mine);
    }

    @Test
    void badOrdersAreRejectedAndWriteNothing() {
        String seller = sellerWithShop(unique("bad-seller"));
        long productId = activeProduct(seller, "Cap", 1000, 5);
        String buyer = token(unique("bad-buyer"), "viewer");

        as(buyer).body(Map.of("productId", productId, "quantity", 0)).post("/api/orders").then().statusCode(400);
        as(buyer).body(Map.of("productId", productId, "quantity", 11)).post("/api/orders").then().statusCode(400);
        as(buyer).body(Map.of("productId", -3, "quantity", 1)).post("/api/orders").then().statusCode(400);
        as(buyer).body("{\"productId\":\"abc\",\"quantity\":1}").post("/api/orders").then().statusCode(400);
        as(buyer).header("Idempotency-Key", "k".repeat(200)).body(Map.of("productId", productId, "quantity", 1))
                .post("/api/orders").then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
        as(buyer).body(Map.of("productId", 999_999_999, "quantity", 1)).post("/api/orders")
                .then().statusCode(409).body("code", equalTo("product-unavailable"));
        as(buyer).body(Map.of("productId", productId, "quantity", 6)).post("/api/orders")
                .then().statusCode(409).body("code", equalTo("sold-out"));

        assertEquals(5, stockOf(productId));
        int mine = as(buyer).get("/api/orders").then().extract().path("items.size()");
        assertEquals(0, mine);
    }
}
