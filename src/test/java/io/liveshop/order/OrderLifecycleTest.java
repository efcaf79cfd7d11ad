package io.liveshop.order;

import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.stockOf;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveshop.payment.ChargeState;
import io.liveshop.payment.SandboxPaymentGateway;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OrderLifecycleTest {

    @Inject
    SandboxPaymentGateway sandbox;

    record Setup(String seller, String buyer, long productId) {
    }

    private static Setup setup(int stock) {
        String seller = sellerWithShop(unique("life-seller"));
        String buyer = token(unique("life-buyer"), "viewer");
        io.liveshop.testing.Shop.address(buyer); // taken by the order when it is paid, so it can be shipped
        return new Setup(seller, buyer, activeProduct(seller, "Headphones", 7900, stock));
    }

    private static long buy(Setup s, int quantity) {
        Number id = as(s.buyer()).body(Map.of("productId", s.productId(), "quantity", quantity)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
        return id.longValue();
    }

    @Test
    void paidShippedDelivered() {
        Setup s = setup(3);
        long order = buy(s, 1);

        String paymentId = as(s.buyer()).body(Map.of("cardToken", "tok_visa")).post("/api/orders/" + order + "/payment")
                .then().statusCode(200).body("status", equalTo("PAID")).body("paidAt", notNullValue())
                .extract().path("paymentId");
        assertEquals(ChargeState.CAPTURED, sandbox.charge(paymentId).state());

        as(s.buyer()).post("/api/orders/" + order + "/ship").then().statusCode(403);
        as(s.seller()).post("/api/orders/" + order + "/deliver").then().statusCode(409).body("code", equalTo("illegal-transition"));
        as(s.seller()).post("/api/orders/" + order + "/ship").then().statusCode(200).body("status", equalTo("SHIPPED"));
        as(s.seller()).post("/api/orders/" + order + "/ship").then().statusCode(409);
        as(s.seller()).post("/api/orders/" + order + "/deliver").then().statusCode(200).body("status", equalTo("DELIVERED"));
        as(s.buyer()).body(Map.of("cardToken", "tok_visa")).post("/api/orders/" + order + "/payment")
                .then().statusCode(409);
        as(s.buyer()).get("/api/orders/" + order).then().statusCode(200).body("status", equalTo("DELIVERED"));
        assertEquals(2, stockOf(s.productId()));
    }

    @Test
    void declinedPaymentLeavesTheOrderPendingAndChargesNothing() {
        Setup s = setup(2);
        long order = buy(s, 1);
        as(s.buyer()).body(Map.of("cardToken", "tok_chargeDeclined")).post("/api/orders/" + order + "/payment")
                .then().statusCode(402).contentType("application/problem+json").body("code", equalTo("payment-declined"));
        as(s.buyer()).body(Map.of("cardToken", "tok_insufficientFunds")).post("/api/orders/" + order + "/payment")
                .then().statusCode(402).body("detail", org.hamcrest.Matchers.containsString("insufficient_funds"));
        as(s.buyer()).body(Map.of("cardToken", "tok_made_up")).post("/api/orders/" + order + "/payment")
                .then().statusCode(400);
        as(s.buyer()).get("/api/orders/" + order).then().body("status", equalTo("PENDING_PAYMENT"));
        assertEquals(0, sandbox.capturedFor("order-" + order));
        as(s.buyer()).body(Map.of("cardToken", "tok_mastercard")).post("/api/orders/" + order + "/payment")
                .then().statusCode(200).body("status", equalTo("PAID"));
        assertEquals(7900, sandbox.capturedFor("order-" + order));
    }

    @Test
    void cancelAndRefundReturnStock() {
        Setup s = setup(5);
        long cancelled = buy(s, 2);
        assertEquals(3, stockOf(s.productId()));
        as(s.buyer()).post("/api/orders/" + cancelled + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"));
        assertEquals(5, stockOf(s.productId()));
        as(s.buyer()).post("/api/orders/" + cancelled + "/cancel").then().statusCode(409);

        long refunded = buy(s, 1);
        String paymentId = as(s.buyer()).body(Map.of("cardToken", "tok_visa")).post("/api/orders/" + refunded + "/payment")
                .then().statusCode(200).extract().path("paymentId");
        as(s.buyer()).post("/api/orders/" + refunded + "/refund").then().statusCode(403);
        as(s.seller()).post("/api/orders/" + refunded + "/refund").then().statusCode(200).body("status", equalTo("REFUNDED"));
        assertEquals(ChargeState.REFUNDED, sandbox.charge(paymentId).state());
        assertEquals(5, stockOf(s.productId()));
    }

    @Test
    void aBuyerSeesOnlyItsOwnOrders() {
        Setup s = setup(4);
        long order = buy(s, 1);
        String stranger = token(unique("stranger"), "viewer");
        as(stranger).get("/api/orders/" + order).then().statusCode(403).contentType("application/problem+json");
        as(stranger).get("/api/orders").then().statusCode(200).body("items.id", not(hasItem((int) order)));
        as(stranger).post("/api/orders/" + order + "/cancel").then().statusCode(403);
        as(s.buyer()).get("/api/orders").then().statusCode(200).body("items.id", hasItem((int) order));
        as(s.seller()).get("/api/orders/" + order).then().statusCode(200);
        String otherSeller = sellerWithShop(unique("rival"));
        as(otherSeller).get("/api/orders/" + order).then().statusCode(403);
        as(otherSeller).get("/api/sellers/me/orders").then().statusCode(200).body("items.id", not(hasItem((int) order)));
        io.restassured.RestAssured.given().get("/api/orders/" + order).then().statusCode(401);
        as(s.buyer()).get("/api/orders/nope").then().statusCode(400);
        as(s.buyer()).get("/api/orders/987654321").then().statusCode(404);
    }
}
