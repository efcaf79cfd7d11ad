package io.liveshop.order;

import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.stockOf;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveshop.payment.SandboxPaymentGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(OrderExpiryTest.ShortPaymentWindow.class)
class OrderExpiryTest {

    public static class ShortPaymentWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("liveshop.orders.payment-window", "PT2S", "liveshop.orders.expiry-sweep", "1s");
        }
    }

    @Inject
    SandboxPaymentGateway sandbox;

    @Test
    void unpaidOrdersExpireReturnStockAndRefuseLatePayment() {
        String seller = sellerWithShop(unique("exp-seller"));
        long product = activeProduct(seller, "Perfume", 6000, 3);
        String buyer = token(unique("exp-buyer"), "viewer");
        Number order = as(buyer).body(Map.of("productId", product, "quantity", 2)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
        assertEquals(1, stockOf(product));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                as(buyer).get("/api/orders/" + order).then().body("status", equalTo("EXPIRED")));
        assertEquals(3, stockOf(product), "the expired hold went back to stock");

        as(buyer).body(Map.of("cardToken", "tok_visa")).post("/api/orders/" + order + "/payment")
                .then().statusCode(409).body("code", equalTo("order-expired"));
        assertEquals(0, sandbox.capturedFor("order-" + order), "a late payment charges nothing");
    }

    @Test
    void aPaymentRacingTheExpiryNeverLeavesAChargeOnAnExpiredOrder() {
        String seller = sellerWithShop(unique("race-seller"));
        long product = activeProduct(seller, "Bag", 12000, 1);
        String buyer = token(unique("race-buyer"), "viewer");
        Number order = as(buyer).body(Map.of("productId", product, "quantity", 1)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
        // pay repeatedly around the moment the window closes; whichever wins, money and status must agree
        int status;
        do {
            status = as(buyer).body(Map.of("cardToken", "tok_visa")).post("/api/orders/" + order + "/payment")
                    .then().extract().statusCode();
        } while (status != 200 && status != 409);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String finalStatus = as(buyer).get("/api/orders/" + order).then().extract().path("status");
            long captured = sandbox.capturedFor("order-" + order);
            if (finalStatus.equals("PAID")) {
                assertEquals(12000, captured);
                assertEquals(0, stockOf(product));
            } else {
                assertEquals("EXPIRED", finalStatus);
                assertEquals(0, captured);
                assertEquals(1, stockOf(product));
            }
        });
    }
}
