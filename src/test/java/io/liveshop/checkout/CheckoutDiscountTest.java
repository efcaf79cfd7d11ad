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

import io.liveshop.testing.Shop;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Discounts at checkout: rounding, the cap at the subtotal, and every voucher refusal (nothing taken or used). */
@QuarkusTest
class CheckoutDiscountTest {

    static final long SHIPPING = 499;

    @Inject
    Pool pool;

    static Map<String, Object> fixed(String code, long amountMinor, long minSpendMinor) {
        Map<String, Object> body = base(code, minSpendMinor);
        body.put("kind", "FIXED");
        body.put("amountMinor", amountMinor);
        return body;
    }

    static Map<String, Object> percent(String code, int percent) {
        Map<String, Object> body = base(code, 0);
        body.put("kind", "PERCENT");
        body.put("percent", percent);
        return body;
    }

    private static Map<String, Object> base(String code, long minSpendMinor) {
        Map<String, Object> body = new HashMap<>();
        body.put("code", code);
        body.put("minSpendMinor", minSpendMinor);
        body.put("quantity", 10);
        body.put("perBuyerLimit", 1);
        body.put("startsAt", Instant.now().minusSeconds(60).toString());
        body.put("endsAt", Instant.now().plusSeconds(3600).toString());
        return body;
    }

    /** Creates the voucher and claims it for the buyer. */
    static long claimed(String seller, Map<String, Object> voucher, String buyer) {
        long id = as(seller).body(voucher).post("/api/vouchers").then().statusCode(201).extract().jsonPath().getLong("id");
        as(buyer).header("Idempotency-Key", "claim-" + id).post("/api/vouchers/" + id + "/claim").then().statusCode(201);
        return id;
    }

    static JsonPath checkout(String buyer, String key, List<Long> voucherIds, int status) {
        return as(buyer).header("Idempotency-Key", key)
                .body(Map.of("cardToken", "tok_visa", "voucherIds", voucherIds))
                .post("/api/checkout").then().statusCode(status).extract().jsonPath();
    }

    @Test
    void aPercentDiscountRoundsDownToTheMinorUnit() {
        String seller = sellerWithShop(unique("pct"));
        long lamp = activeProduct(seller, "Lamp", 999, 10);
        String buyer = token(unique("pct-buyer"), "viewer");
        Shop.address(buyer);
        Shop.addToCart(buyer, lamp, 1);
        long voucher = claimed(seller, percent("P15", 15), buyer);

        JsonPath paid = checkout(buyer, "pct-1", List.of(voucher), 201);
        // 15 % of 999 is 149.85: floor gives 149
        assertEquals(149, paid.getLong("orders[0].discountMinor"));
        assertEquals(999 + SHIPPING - 149, paid.getLong("orders[0].totalMinor"));
        assertEquals(paid.getLong("orders[0].totalMinor"), paid.getLong("chargedMinor"));
    }

    @Test
    void aFixedVoucherAboveTheSubtotalLeavesTheShippingAndNeverANegativeTotal() {
        String seller = sellerWithShop(unique("big"));
        long pin = activeProduct(seller, "Pin", 300, 10);
        String buyer = token(unique("big-buyer"), "viewer");
        Shop.address(buyer);
        Shop.addToCart(buyer, pin, 1);
        long voucher = claimed(seller, fixed("BIG", 1000, 0), buyer);

        JsonPath paid = checkout(buyer, "big-1", List.of(voucher), 201);
        assertEquals(300, paid.getLong("orders[0].discountMinor"), "capped at the subtotal");
        assertEquals(SHIPPING, paid.getLong("orders[0].totalMinor"), "shipping is never discounted");
        assertEquals(SHIPPING, paid.getLong("chargedMinor"));
    }

    @Test
    void vouchersThatDoNotApplyRefuseTheCheckoutAndNothingIsTakenOrUsed() {
        String sellerA = sellerWithShop(unique("refuse-a"));
        String sellerB = sellerWithShop(unique("refuse-b"));
        long mug = activeProduct(sellerA, "Mug", 900, 10);
        String buyer = token(unique("refuse-buyer"), "viewer");
        Shop.address(buyer);
        Shop.addToCart(buyer, mug, 1);

        long otherShops = claimed(sellerB, fixed("BFIVE", 500, 0), buyer);
        assertEquals("voucher-not-applicable", checkout(buyer, "n1", List.of(otherShops), 409).getString("code"));

        long first = claimed(sellerA, fixed("AONE", 100, 0), buyer);
        long second = claimed(sellerA, fixed("ATWO", 200, 0), buyer);
        assertEquals("one-voucher-per-seller", checkout(buyer, "n2", List.of(first, second), 400).getString("code"));

        long bigSpend = claimed(sellerA, fixed("ATHREE", 100, 5000), buyer);
        assertEquals("voucher-min-spend", checkout(buyer, "n3", List.of(bigSpend), 409).getString("code"));

        long ending = claimed(sellerA, fixed("AFOUR", 100, 0), buyer);
        // the voucher's end passes (set in the database, so the test does not wait)
        pool.preparedQuery("update voucher set ends_at = now() - interval '1 second' where id = $1")
                .execute(Tuple.of(ending)).await().atMost(Duration.ofSeconds(10));
        assertEquals("voucher-ended", checkout(buyer, "n4", List.of(ending), 409).getString("code"));

        assertEquals(10, stockOf(mug));
        as(buyer).get("/api/cart").then().body("lines", hasSize(1));
        as(buyer).get("/api/orders").then().body("items", hasSize(0));
        for (long v : List.of(first, second, bigSpend, ending)) {
            JsonPath invariant = as(sellerA).get("/api/vouchers/" + v + "/invariant").then().extract().jsonPath();
            assertEquals(0, invariant.getInt("used"), invariant.prettify());
            assertTrue(invariant.getBoolean("holds"), invariant.prettify());
        }

        // with one applicable voucher the same cart goes through
        checkout(buyer, "n5", List.of(first), 201);
        as(sellerA).get("/api/vouchers/" + first + "/invariant").then().body("used", equalTo(1));
    }
}
