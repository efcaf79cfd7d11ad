package io.liveshop.cart;

import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveshop.testing.ConcurrentClients;
import io.liveshop.testing.Shop;
import io.liveshop.testing.Streams;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CartTest {

    @Test
    void addChangeRemoveAndList() {
        String seller = sellerWithShop(unique("cart-seller"));
        long mug = activeProduct(seller, "Mug", 900, 10);
        long cap = activeProduct(seller, "Cap", 1500, 10);
        String buyer = token(unique("cart-buyer"), "viewer");

        Streams live = Streams.live(1, 10);
        Shop.addToCart(buyer, mug, 1);
        as(buyer).body(Map.of("productId", mug, "quantity", 2, "streamId", 987_654_321)).post("/api/cart/lines")
                .then().statusCode(400).body("errors[0].field", equalTo("streamId"));
        as(buyer).get("/api/cart").then().body("lines[0].quantity", equalTo(1));
        as(buyer).body(Map.of("productId", mug, "quantity", 2, "streamId", live.streamId())).post("/api/cart/lines")
                .then().statusCode(200).body("lines[0].quantity", equalTo(3))
                .body("lines[0].streamId", equalTo((int) live.streamId()));
        Shop.addToCart(buyer, cap, 1);
        as(buyer).get("/api/cart").then().statusCode(200)
                .body("lines.productId", contains((int) mug, (int) cap))
                .body("lines.problem", contains(nullValue(), nullValue()))
                .body("currency", equalTo("EUR"))
                .body("subtotalMinor", equalTo(3 * 900 + 1500));

        as(buyer).body(Map.of("quantity", 5)).put("/api/cart/lines/" + cap).then().statusCode(200)
                .body("subtotalMinor", equalTo(3 * 900 + 5 * 1500));
        as(buyer).delete("/api/cart/lines/" + mug).then().statusCode(200).body("lines.productId", contains((int) cap));
        as(buyer).delete("/api/cart/lines/" + mug).then().statusCode(200).body("lines", hasSize(1));
        as(buyer).body(Map.of("quantity", 1)).put("/api/cart/lines/" + mug).then().statusCode(404);
    }

    @Test
    void aLineSaysWhenItsProductChanged() {
        String seller = sellerWithShop(unique("cart-chg"));
        long repriced = activeProduct(seller, "Repriced", 1000, 10);
        long scarce = activeProduct(seller, "Scarce", 1000, 2);
        long archived = activeProduct(seller, "Archived", 1000, 10);
        String buyer = token(unique("cart-chg-buyer"), "viewer");
        Shop.addToCart(buyer, repriced, 1);
        Shop.addToCart(buyer, scarce, 3);
        Shop.addToCart(buyer, archived, 1);

        as(seller).body(Map.of("title", "Repriced", "priceMinor", 1200, "currency", "EUR", "status", "ACTIVE"))
                .put("/api/products/" + repriced).then().statusCode(200);
        as(seller).post("/api/products/" + archived + "/archive").then().statusCode(200);

        as(buyer).get("/api/cart").then().statusCode(200)
                .body("lines.problem", contains("PRICE_CHANGED", "NOT_ENOUGH_STOCK", "ARCHIVED"))
                .body("lines.priceMinor", contains(1200, 1000, 1000))
                .body("lines.available", contains(10, 2, 10))
                .body("subtotalMinor", equalTo(1200 + 3 * 1000));

        // changing the quantity accepts the new price
        as(buyer).body(Map.of("quantity", 1)).put("/api/cart/lines/" + repriced).then().statusCode(200)
                .body("lines[0].problem", nullValue());
    }

    @Test
    void aKeyedAddIsAddedOnceHoweverOftenItIsRetried() {
        String seller = sellerWithShop(unique("cart-key"));
        long mug = activeProduct(seller, "Mug", 900, 10);
        String buyer = token(unique("cart-key-buyer"), "viewer");
        Map<String, Object> two = Map.of("productId", mug, "quantity", 2);
        as(buyer).header("Idempotency-Key", "add-1").body(two).post("/api/cart/lines").then().statusCode(200)
                .body("lines[0].quantity", equalTo(2));
        as(buyer).header("Idempotency-Key", "add-1").body(two).post("/api/cart/lines").then().statusCode(200)
                .header("Idempotent-Replayed", "true").body("lines[0].quantity", equalTo(2));
        as(buyer).header("Idempotency-Key", "add-1").body(Map.of("productId", mug, "quantity", 3))
                .post("/api/cart/lines").then().statusCode(422).body("code", equalTo("idempotency-key-reused"));

        String json = "{\"productId\":" + mug + ",\"quantity\":1}";
        List<HttpResponse<String>> answers = ConcurrentClients.postAll(8, i -> ConcurrentClients
                .post("/api/cart/lines", buyer, json).header("Idempotency-Key", "add-race").build());
        assertTrue(answers.stream().allMatch(r -> r.statusCode() == 200),
                () -> answers.stream().map(r -> r.statusCode() + " " + r.body()).toList().toString());
        assertEquals(7, answers.stream().filter(r -> "true".equals(r.headers().firstValue("Idempotent-Replayed")
                .orElse(null))).count(), "one add, seven replays");
        as(buyer).get("/api/cart").then().body("lines[0].quantity", equalTo(3));
        // without a key every add adds
        Shop.addToCart(buyer, mug, 1);
        as(buyer).get("/api/cart").then().body("lines[0].quantity", equalTo(4));
    }

    @Test
    void aLineWhoseUnitsSomeoneElseBoughtIsOutOfStock() {
        String seller = sellerWithShop(unique("cart-oos"));
        long last = activeProduct(seller, "Last two", 1000, 2);
        String buyer = token(unique("cart-oos-buyer"), "viewer");
        Shop.addToCart(buyer, last, 1);
        String quicker = token(unique("cart-oos-quick"), "viewer");
        Shop.address(quicker);
        Shop.addToCart(quicker, last, 2);
        as(quicker).header("Idempotency-Key", "oos").body(Map.of("cardToken", "tok_visa")).post("/api/checkout")
                .then().statusCode(201);

        as(buyer).get("/api/cart").then().statusCode(200)
                .body("lines[0].problem", equalTo("OUT_OF_STOCK")).body("lines[0].available", equalTo(0));
    }

    @Test
    void cartsArePrivateAndBadInputWritesNothing() {
        String seller = sellerWithShop(unique("cart-bad"));
        long mug = activeProduct(seller, "Mug", 900, 10);
        String buyer = token(unique("cart-own"), "viewer");
        Shop.addToCart(buyer, mug, 1);
        String other = token(unique("cart-other"), "viewer");
        as(other).get("/api/cart").then().statusCode(200).body("lines", hasSize(0));
        as(other).delete("/api/cart/lines/" + mug).then().statusCode(200);
        as(buyer).get("/api/cart").then().body("lines", hasSize(1));

        as(other).body(Map.of("productId", mug, "quantity", 0)).post("/api/cart/lines").then().statusCode(400);
        as(other).body(Map.of("productId", mug, "quantity", 100)).post("/api/cart/lines").then().statusCode(400);
        as(other).body(Map.of("productId", 999_999_999, "quantity", 1)).post("/api/cart/lines")
                .then().statusCode(409).body("code", equalTo("product-unavailable"));
        as(other).body(Map.of("quantity", 1)).put("/api/cart/lines/abc").then().statusCode(400);
        as(other).get("/api/cart").then().body("lines", hasSize(0));
        as(buyer).body(Map.of("productId", mug, "quantity", 99)).post("/api/cart/lines")
                .then().statusCode(409).body("code", equalTo("quantity-limit"));
        as(buyer).get("/api/cart").then().body("lines[0].quantity", equalTo(1));
    }
}
