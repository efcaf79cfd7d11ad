package io.liveshop.flashsale;

import static io.liveshop.flashsale.SaleFixtures.buy;
import static io.liveshop.flashsale.SaleFixtures.end;
import static io.liveshop.flashsale.SaleFixtures.invariant;
import static io.liveshop.flashsale.SaleFixtures.product;
import static io.liveshop.flashsale.SaleFixtures.startSale;
import static io.liveshop.flashsale.SaleFixtures.stock;
import static io.liveshop.flashsale.SaleFixtures.token;
import static io.liveshop.flashsale.SaleFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveshop.order.OrderStatus;
import io.liveshop.order.OrderStatusChanged;
import io.liveshop.payment.SandboxPaymentGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(ShortPaymentWindowProfile.class)
class FlashSaleHoldExpiryTest {

    @Inject
    PreGatewayEventLog events;

    @Inject
    SandboxPaymentGateway payments;

    @Test
    void lapsedHoldsGoBackToTheSaleAndLatePaymentIsRefused() {
        SaleFixtures.Product p = product(10);
        long saleId = startSale(p, 2, 1);
        String aSubject = unique("a-");
        String a = token(aSubject, "viewer");
        String b = token(unique("b-"), "viewer");
        String c = token(unique("c-"), "viewer");
        long orderA = buy(a, saleId, "k").then().statusCode(201).extract().jsonPath().getLong("orderId");
        long orderB = buy(b, saleId, "k").then().statusCode(201).extract().jsonPath().getLong("orderId");
        buy(c, saleId, "k").then().body("outcome", equalTo("SOLD_OUT"));
        await().atMost(Duration.ofSeconds(30)).until(() -> events.streamEvents().stream()
                .anyMatch(e -> e instanceof SaleSoldOut s && s.saleId() == saleId));

        for (long order : new long[] { orderA, orderB }) {
            String owner = order == orderA ? a : b;
            await().atMost(Duration.ofSeconds(30)).until(() -> "EXPIRED".equals(
                    given().auth().oauth2(owner).get("/api/orders/" + order).then().extract().path("status")));
        }
        JsonPath inv = invariant(p, saleId);
        assertTrue(inv.getBoolean("holds"), inv.prettify());
        assertEquals(2, inv.getInt("memory.available"));
        assertEquals(0, inv.getInt("database.held"));
        assertEquals(8, stock(p.productId()), "the units went back to the running sale, not to the product");
        await().atMost(Duration.ofSeconds(30)).until(() -> events.streamEvents().stream()
                .filter(e -> e instanceof SaleRemaining r && r.saleId() == saleId)
                .map(e -> ((SaleRemaining) e).remaining()).reduce((x, y) -> y).orElse(-1) == 2);
        assertTrue(events.userEvents().stream().anyMatch(e -> e instanceof OrderStatusChanged o
                && o.orderId() == orderA && o.status() == OrderStatus.EXPIRED && o.userId().equals(aSubject)));

        // paying after the window closed is refused and charges nothing
        given().auth().oauth2(a).contentType(ContentType.JSON).body(Map.of("cardToken", "tok_visa"))
                .post("/api/orders/" + orderA + "/payment").then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("order-expired"));
        assertEquals(0, payments.capturedFor("order-" + orderA));

        // the freed units sell again, to the earlier loser and to A (whose count was freed)
        buy(c, saleId, "k2").then().statusCode(201).body("outcome", equalTo("WON"));
        buy(a, saleId, "k2").then().statusCode(201).body("outcome", equalTo("WON"));
        assertTrue(invariant(p, saleId).getBoolean("holds"));
    }

    @Test
    void holdLapsingAfterTheEndGoesBackToTheProduct() {
        SaleFixtures.Product p = product(10);
        long saleId = startSale(p, 3, 1);
        String a = token(unique("a-"), "viewer");
        long order = buy(a, saleId, "k").then().statusCode(201).extract().jsonPath().getLong("orderId");
        end(p, saleId);
        assertEquals(9, stock(p.productId()), "two unsold units back at the end");
        await().atMost(Duration.ofSeconds(30)).until(() -> "EXPIRED".equals(
                given().auth().oauth2(a).get("/api/orders/" + order).then().extract().path("status")));
        assertEquals(10, stock(p.productId()), "the lapsed hold went back to the product");
        JsonPath inv = invariant(p, saleId);
        assertTrue(inv.getBoolean("holds"), inv.prettify());
        assertEquals(0, inv.getInt("database.allocated"));
        assertEquals(0, inv.getInt("memory.allocated"));
        assertEquals(3, inv.getInt("returned"));
    }

    @Test
    void paymentRacingTheExpirySellsTheUnitAtMostOnce() {
        SaleFixtures.Product p = product(10);
        long saleId = startSale(p, 1, 1);
        String a = token(unique("race-"), "viewer");
        long order = buy(a, saleId, "k").then().statusCode(201).extract().jsonPath().getLong("orderId");
        // Pay repeatedly while the expiry job runs: either the payment wins (PAID, charged once) or the expiry
        // does (EXPIRED, nothing charged); never both.
        String status;
        do {
            int code = given().auth().oauth2(a).contentType(ContentType.JSON).body(Map.of("cardToken", "tok_visa"))
                    .post("/api/orders/" + order + "/payment").then().extract().statusCode();
            status = given().auth().oauth2(a).get("/api/orders/" + order).then().extract().path("status");
            assertTrue(code == 200 || code == 409, "pay answered " + code);
        } while ("PENDING_PAYMENT".equals(status));
        JsonPath inv = invariant(p, saleId);
        assertTrue(inv.getBoolean("holds"), inv.prettify());
        if ("PAID".equals(status)) {
            assertEquals(4900, payments.capturedFor("order-" + order));
            assertEquals(1, inv.getInt("database.sold"));
            assertEquals(0, inv.getInt("memory.available"));
        } else {
            assertEquals("EXPIRED", status);
            assertEquals(0, payments.capturedFor("order-" + order));
            assertEquals(1, inv.getInt("memory.available"));
        }
    }
}
