package io.liveshop.returns;

import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.stockOf;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.payment.SandboxPaymentGateway;
import io.liveshop.platform.ProblemException;
import io.liveshop.testing.Shop;
import io.liveshop.testing.Streams;
import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReturnTest {

    @Inject
    SandboxPaymentGateway sandbox;

    @Inject
    ReturnRefunds refunds;

    @Inject
    Pool pool;

    private static void shipAndDeliver(String seller, long order) {
        as(seller).post("/api/orders/" + order + "/ship").then().statusCode(200);
        as(seller).post("/api/orders/" + order + "/deliver").then().statusCode(200);
    }

    @Test
    void aReturnIsRequestedAcceptedWithAPartialRefundAndRestockAndTheBuyerSeesEachStep() {
        Streams live = Streams.live(1, 10);
        String sellerA = sellerWithShop(unique("ret-a"));
        String sellerB = sellerWithShop(unique("ret-b"));
        long kettle = activeProduct(sellerA, "Kettle", 3000, 5);
        long toaster = activeProduct(sellerB, "Toaster", 4000, 5);
        String buyer = token(unique("ret-buyer"), "viewer");
        Shop.address(buyer);
        Shop.addToCart(buyer, kettle, 2);
        Shop.addToCart(buyer, toaster, 1);
        JsonPath checkout = as(buyer).header("Idempotency-Key", "r1").body(Map.of("cardToken", "tok_visa"))
                .post("/api/checkout").then().statusCode(201).extract().jsonPath();
        int a = checkout.getLong("orders[0].sellerId") == checkout.getLong("orders[1].sellerId") ? -1
                : as(sellerA).get("/api/orders/" + checkout.getLong("orders[0].id")).statusCode() == 200 ? 0 : 1;
        long orderA = checkout.getLong("orders[" + a + "].id");
        long totalA = checkout.getLong("orders[" + a + "].totalMinor");
        String paymentId = checkout.getString("paymentId");

        as(buyer).body(Map.of("reason", "Too early")).post("/api/orders/" + orderA + "/returns").then().statusCode(409)
                .body("code", equalTo("not-delivered"));
        shipAndDeliver(sellerA, orderA);
        assertEquals(3, stockOf(kettle));

        try (WsClient socket = WsClient.viewer(live.streamId(), buyer)) {
            socket.await("snapshot");
            long returnId = as(buyer).body(Map.of("reason", "Arrived dented")).post("/api/orders/" + orderA + "/returns")
                    .then().statusCode(201).body("status", equalTo("REQUESTED")).extract().jsonPath().getLong("id");
            as(buyer).body(Map.of("reason", "Arrived dented")).post("/api/orders/" + orderA + "/returns")
                    .then().statusCode(200).header("Idempotent-Replayed", "true").body("id", equalTo((int) returnId));
            as(buyer).body(Map.of("reason", "Changed my mind")).post("/api/orders/" + orderA + "/returns")
                    .then().statusCode(409).body("code", equalTo("already-requested"));
            socket.await(f -> f.path("type").asText().equals("return")
                    && f.path("data").path("status").asText().equals("REQUESTED"), Duration.ofSeconds(10));

            as(sellerB).body(Map.of("restock", true)).post("/api/returns/" + returnId + "/accept").then().statusCode(403);
            as(buyer).body(Map.of("restock", true)).post("/api/returns/" + returnId + "/accept").then().statusCode(403);
            as(buyer).get("/api/returns/" + returnId).then().statusCode(200).body("status", equalTo("REQUESTED"));

            as(sellerA).body(Map.of("restock", true)).post("/api/returns/" + returnId + "/accept").then().statusCode(200)
                    .body("status", equalTo("ACCEPTED")).body("refundMinor", equalTo((int) totalA));
            as(sellerA).body(Map.of("restock", true)).post("/api/returns/" + returnId + "/accept").then().statusCode(200)
                    .body("status", equalTo("ACCEPTED"));
            JsonNode accepted = socket.await(f -> f.path("type").asText().equals("return")
                    && f.path("data").path("status").asText().equals("ACCEPTED"), Duration.ofSeconds(10));
            assertEquals(totalA, accepted.path("data").path("refundMinor").asLong());
            as(sellerA).body(Map.of("reason", "no")).post("/api/returns/" + returnId + "/reject").then().statusCode(409);
        }
        as(buyer).get("/api/orders/" + orderA).then().body("status", equalTo("REFUNDED"));
        assertEquals(5, stockOf(kettle), "restocked");
        assertEquals(4, stockOf(toaster), "the other seller's order is untouched");
        assertEquals(totalA, sandbox.refundedPart(paymentId).await().atMost(Duration.ofSeconds(5)),
                "only this order's amount was refunded, once");
        assertEquals(checkout.getLong("chargedMinor"), sandbox.capturedFor("checkout-" + JsonPath.from(
                as(buyer).get("/api/orders/" + orderA).asString()).getString("buyerId") + "-r1"));
    }

    @Test
    void theSellerRejectsWithAReasonAndAnOrderIsReturnedOnce() {
        String seller = sellerWithShop(unique("rej-seller"));
        long mug = activeProduct(seller, "Mug", 900, 5);
        String buyer = token(unique("rej-buyer"), "viewer");
        Shop.address(buyer);
        Shop.addToCart(buyer, mug, 1);
        long order = as(buyer).header("Idempotency-Key", "x").body(Map.of("cardToken", "tok_visa"))
                .post("/api/checkout").then().statusCode(201).extract().jsonPath().getLong("orders[0].id");
        shipAndDeliver(seller, order);
        String stranger = token(unique("rej-stranger"), "viewer");
        as(stranger).body(Map.of("reason", "mine")).post("/api/orders/" + order + "/returns").then().statusCode(403);
        long returnId = as(buyer).body(Map.of("reason", "Wrong colour")).post("/api/orders/" + order + "/returns")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        as(stranger).get("/api/returns/" + returnId).then().statusCode(403);
        as(seller).body(Map.of("reason", " ")).post("/api/returns/" + returnId + "/reject").then().statusCode(400);
        Streams live = Streams.live(1, 10);
        try (WsClient socket = WsClient.viewer(live.streamId(), buyer)) {
            socket.await("snapshot");
            as(seller).body(Map.of("reason", "Used item")).post("/api/returns/" + returnId + "/reject").then()
                    .statusCode(200).body("status", equalTo("REJECTED")).body("rejectReason", equalTo("Used item"));
            JsonNode rejected = socket.await(f -> f.path("type").asText().equals("return")
                    && f.path("data").path("status").asText().equals("REJECTED"), Duration.ofSeconds(10));
            assertEquals("Used item", rejected.path("data").path("rejectReason").asText());
            assertEquals(returnId, rejected.path("data").path("returnId").asLong());
        }
        as(seller).body(Map.of("restock", false)).post("/api/returns/" + returnId + "/accept").then().statusCode(409);
        as(buyer).body(Map.of("reason", "Please")).post("/api/orders/" + order + "/returns").then().statusCode(409);
        as(buyer).get("/api/orders/" + order).then().body("status", equalTo("DELIVERED"));
        as(buyer).get("/api/returns/" + returnId).then().statusCode(200).body("status", equalTo("REJECTED"));
    }

    @Test
    void aFailedRefundStaysPendingAndIsRetriedByARepeatedAcceptAndByTheSweep() {
        String seller = sellerWithShop(unique("refund-retry"));
        long mug = activeProduct(seller, "Mug", 900, 10);
        String buyer = token(unique("refund-retry-buyer"), "viewer");
        Shop.address(buyer);

        Delivered first = checkoutAndDeliver(seller, buyer, mug, "rr-1");
        long returnId = requestReturn(buyer, first.order());
        as(seller).body(Map.of("restock", false)).post("/api/returns/" + returnId + "/accept").then().statusCode(200)
                .body("status", equalTo("ACCEPTED")).body("refundState", equalTo("PENDING"));
        assertEquals(0, refunded(first.paymentId()), "the provider failed the refund");
        as(buyer).get("/api/orders/" + first.order()).then().body("status", equalTo("REFUNDED"));

        as(seller).body(Map.of("restock", false)).post("/api/returns/" + returnId + "/accept").then().statusCode(200)
                .body("status", equalTo("ACCEPTED")).body("refundState", equalTo("DONE"));
        assertEquals(first.total(), refunded(first.paymentId()), "the repeated accept refunded it");
        as(seller).body(Map.of("restock", false)).post("/api/returns/" + returnId + "/accept").then().statusCode(200)
                .body("refundState", equalTo("DONE"));
        assertEquals(first.total(), refunded(first.paymentId()), "refunded once");

        Delivered second = checkoutAndDeliver(seller, buyer, mug, "rr-2");
        long secondReturn = requestReturn(buyer, second.order());
        as(seller).body(Map.of("restock", false)).post("/api/returns/" + secondReturn + "/accept").then().statusCode(200)
                .body("refundState", equalTo("PENDING"));
        refunds.retryPending(Duration.ZERO).await().atMost(Duration.ofSeconds(30));
        as(buyer).get("/api/returns/" + secondReturn).then().statusCode(200).body("refundState", equalTo("DONE"));
        assertEquals(second.total(), refunded(second.paymentId()), "the sweep refunded it");

        // the cap on refunds reads the captured amount from the database
        ProblemException over = assertThrows(ProblemException.class, () -> sandbox
                .refundPart(second.paymentId(), 1, "one-more").await().atMost(Duration.ofSeconds(10)));
        assertEquals("refund-exceeds-charge", over.code());
        assertEquals(second.total(), refunded(second.paymentId()));
    }

    @Test
    void aReturnAfterTheWindowIsRefusedAndNothingIsWritten() {
        String seller = sellerWithShop(unique("ret-late"));
        long mug = activeProduct(seller, "Mug", 900, 10);
        String buyer = token(unique("ret-late-buyer"), "viewer");
        Shop.address(buyer);
        Delivered late = checkoutAndDeliver(seller, buyer, mug, "late");
        // delivered 15 days ago (the window is 14 days)
        pool.preparedQuery("update orders set updated_at = now() - interval '15 days' where id = $1")
                .execute(Tuple.of(late.order())).await().atMost(Duration.ofSeconds(10));
        as(buyer).body(Map.of("reason", "Too late")).post("/api/orders/" + late.order() + "/returns").then()
                .statusCode(409).body("code", equalTo("return-window-closed"));
        long returns = pool.preparedQuery("select count(*) from return_request where order_id = $1")
                .execute(Tuple.of(late.order())).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertEquals(0, returns);
        as(buyer).get("/api/orders/" + late.order()).then().body("status", equalTo("DELIVERED"));
    }

    @Test
    void buyersListTheirReturnsAndSellersTheirShopsInKeysetPages() {
        String seller = sellerWithShop(unique("ret-list"));
        String otherSeller = sellerWithShop(unique("ret-list-other"));
        long mug = activeProduct(seller, "Mug", 900, 10);
        String buyer = token(unique("ret-list-buyer"), "viewer");
        Shop.address(buyer);
        long first = requestReturn(buyer, checkoutAndDeliver(seller, buyer, mug, "l1").order());
        long second = requestReturn(buyer, checkoutAndDeliver(seller, buyer, mug, "l2").order());

        JsonPath page = as(buyer).get("/api/returns?limit=1").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of((int) second), page.getList("items.id"));
        as(buyer).get("/api/returns?limit=1&cursor=" + page.getString("nextCursor")).then().statusCode(200)
                .body("items.id", contains((int) first)).body("nextCursor", nullValue());
        as(seller).get("/api/returns?role=seller").then().statusCode(200)
                .body("items.id", contains((int) second, (int) first));

        as(otherSeller).get("/api/returns?role=seller").then().statusCode(200).body("items", hasSize(0));
        String stranger = token(unique("ret-list-stranger"), "viewer");
        as(stranger).get("/api/returns").then().statusCode(200).body("items", hasSize(0));
        as(stranger).get("/api/returns?role=seller").then().statusCode(403);
        as(buyer).get("/api/returns?role=admin").then().statusCode(400);
        as(buyer).get("/api/returns?cursor=nonsense").then().statusCode(400);
    }

    record Delivered(long order, long total, String paymentId) {
    }

    private static Delivered checkoutAndDeliver(String seller, String buyer, long product, String key) {
        Shop.addToCart(buyer, product, 1);
        JsonPath checkout = as(buyer).header("Idempotency-Key", key)
                .body(Map.of("cardToken", SandboxPaymentGateway.REFUND_FAILS_ONCE)).post("/api/checkout")
                .then().statusCode(201).extract().jsonPath();
        long order = checkout.getLong("orders[0].id");
        shipAndDeliver(seller, order);
        return new Delivered(order, checkout.getLong("orders[0].totalMinor"), checkout.getString("paymentId"));
    }

    private static long requestReturn(String buyer, long order) {
        return as(buyer).body(Map.of("reason", "Broken")).post("/api/orders/" + order + "/returns").then()
                .statusCode(201).extract().jsonPath().getLong("id");
    }

    private long refunded(String paymentId) {
        return sandbox.refundedPart(paymentId).await().atMost(Duration.ofSeconds(10));
    }
}
