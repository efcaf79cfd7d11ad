package io.liveshop.order;

import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.liveshop.payment.WebhookSignature;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PaymentWebhookTest {

    @Inject
    WebhookSignature signature;

    private io.restassured.response.ValidatableResponse deliver(String body, String header) {
        return given().contentType("application/json").header(WebhookSignature.HEADER, header).body(body)
                .post("/api/payments/webhook").then();
    }

    @Test
    void signedPaymentSucceededPaysTheOrderOnceAndDuplicatesAreIgnored() {
        String seller = sellerWithShop(unique("hook-seller"));
        long product = activeProduct(seller, "Watch", 25000, 2);
        String buyer = token(unique("hook-buyer"), "viewer");
        Number order = as(buyer).body(Map.of("productId", product, "quantity", 1)).post("/api/orders")
                .then().statusCode(201).extract().path("id");

        String event = "{\"id\":\"evt_" + unique("ok") + "\",\"type\":\"payment.succeeded\",\"orderId\":" + order
                + ",\"paymentId\":\"pay_async_1\"}";
        long now = Instant.now().getEpochSecond();
        deliver(event, signature.sign(now, event)).statusCode(200).body("outcome", equalTo("PROCESSED"));
        as(buyer).get("/api/orders/" + order).then().body("status", equalTo("PAID")).body("paymentId", equalTo("pay_async_1"));
        deliver(event, signature.sign(now, event)).statusCode(200).body("outcome", equalTo("DUPLICATE"));

        String refund = "{\"id\":\"evt_" + unique("rf") + "\",\"type\":\"charge.refunded\",\"orderId\":" + order + "}";
        deliver(refund, signature.sign(now, refund)).statusCode(200).body("outcome", equalTo("PROCESSED"));
        deliver(refund, signature.sign(now, refund)).statusCode(200).body("outcome", equalTo("DUPLICATE"));
        as(buyer).get("/api/orders/" + order).then().body("status", equalTo("REFUNDED"));
    }

    @Test
    void forgedStaleOrMalformedDeliveriesAreRefusedAndChangeNothing() {
        String seller = sellerWithShop(unique("forge-seller"));
        long product = activeProduct(seller, "Ring", 99000, 1);
        String buyer = token(unique("forge-buyer"), "viewer");
        Number order = as(buyer).body(Map.of("productId", product, "quantity", 1)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
        String event = "{\"id\":\"evt_" + unique("forged") + "\",\"type\":\"payment.succeeded\",\"orderId\":" + order + "}";
        long now = Instant.now().getEpochSecond();

        deliver(event, "t=" + now + ",v1=deadbeef").statusCode(400).body("code", equalTo("invalid-signature"));
        deliver(event, signature.sign(now - 3600, event)).statusCode(400).body("code", equalTo("invalid-signature"));
        given().contentType("application/json").body(event).post("/api/payments/webhook").then().statusCode(400);
        String tampered = event.replace("payment.succeeded", "charge.refunded");
        deliver(tampered, signature.sign(now, event)).statusCode(400);
        String notJson = "{not json";
        deliver(notJson, signature.sign(now, notJson)).statusCode(400);
        String noOrder = "{\"id\":\"evt_x\",\"type\":\"payment.succeeded\"}";
        deliver(noOrder, signature.sign(now, noOrder)).statusCode(400);

        as(buyer).get("/api/orders/" + order).then().body("status", equalTo("PENDING_PAYMENT"));
        // the genuine delivery still works afterwards: nothing above was recorded as delivered
        deliver(event, signature.sign(now, event)).statusCode(200).body("outcome", equalTo("PROCESSED"));
    }
}
