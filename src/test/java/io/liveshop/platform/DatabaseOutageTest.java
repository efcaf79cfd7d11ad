package io.liveshop.platform;

import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL becomes unreachable under a running LiveShop (its reactive connections go through a TCP relay the
 * test cuts and restores): requests that need the database are answered 503 problem+json with Retry-After, not
 * 500 and not a hang, readiness goes down, and everything recovers without restarting LiveShop.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.Outage.class)
class DatabaseOutageTest {

    /** Its own PostgreSQL, reached by the reactive pool only through the relay (Flyway connects directly). */
    public static class Outage implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Database.class));
        }
    }

    public static class Database implements QuarkusTestResourceLifecycleManager {
        static EmbeddedPostgres postgres;
        static TcpProxy relay;

        @Override
        public Map<String, String> start() {
            try {
                postgres = EmbeddedPostgres.builder().start();
                relay = new TcpProxy(postgres.getPort());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + relay.port() + "/postgres",
                    "quarkus.datasource.username", "postgres", "quarkus.datasource.password", "postgres");
        }

        @Override
        public void stop() {
            try {
                relay.close();
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A request that never answers fails the test instead of hanging it. */
    private static final RestAssuredConfig BOUNDED = RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.socket.timeout", (int) Duration.ofSeconds(60).toMillis()));

    @Test
    void anUnreachableDatabaseIs503WithRetryAfterAndRecoversByItself() throws Exception {
        String seller = sellerWithShop(unique("outage-seller"));
        long product = activeProduct(seller, "Lamp", 3000, 5);
        String buyer = token(unique("outage-buyer"), "viewer");
        io.liveshop.testing.Shop.address(buyer);
        io.liveshop.testing.Shop.addToCart(buyer, product, 1);
        io.liveshop.testing.Streams show = io.liveshop.testing.Streams.live(1, 5);
        long auction = as(show.hostToken()).body(Map.of("streamId", show.streamId(), "productId", show.products().get(0),
                "startingPriceMinor", 100, "durationSeconds", 600, "mode", "STANDARD")).post("/api/auctions")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        long voucher = as(seller).body(Map.of("code", "OUTAGE", "kind", "FIXED", "amountMinor", 100, "quantity", 10,
                "perBuyerLimit", 1, "startsAt", java.time.Instant.now().minusSeconds(60).toString(),
                "endsAt", java.time.Instant.now().plusSeconds(3600).toString())).post("/api/vouchers")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        as(buyer).get("/api/auctions/" + auction).then().statusCode(200); // both held in memory before the outage
        as(buyer).get("/api/vouchers/" + voucher).then().statusCode(200);

        Database.relay.cut();
        try {
            expect503(given().config(BOUNDED).get("/api/products/" + product));
            expect503(as(buyer).config(BOUNDED).body(Map.of("productId", product, "quantity", 1)).post("/api/orders"));
            expect503(as(seller).config(BOUNDED).body(Map.of("title", "Offline", "priceMinor", 100, "currency", "EUR",
                    "initialStock", 1, "status", "ACTIVE")).post("/api/products"));
            expect503(as(buyer).config(BOUNDED).get("/api/cart"));
            expect503(as(buyer).config(BOUNDED).body(Map.of("quantity", 2)).put("/api/cart/lines/" + product));
            expect503(as(buyer).config(BOUNDED).header("Idempotency-Key", "outage-checkout")
                    .body(Map.of("cardToken", "tok_visa")).post("/api/checkout"));
            unavailable(as(buyer).config(BOUNDED).header("Idempotency-Key", "outage-bid")
                    .body(Map.of("amountMinor", 500)).post("/api/auctions/" + auction + "/bids"));
            unavailable(as(buyer).config(BOUNDED).header("Idempotency-Key", "outage-claim")
                    .post("/api/vouchers/" + voucher + "/claim"));
            given().config(BOUNDED).get("/q/health/ready").then().statusCode(503);
        } finally {
            Database.relay.restore();
        }

        await().atMost(Duration.ofMinutes(1)).until(() -> given().get("/api/products/" + product).statusCode() == 200);
        given().get("/api/products/" + product).then().body("stock", equalTo(5));
        await().atMost(Duration.ofMinutes(1)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        as(buyer).body(Map.of("productId", product, "quantity", 1)).post("/api/orders").then().statusCode(201);
        // nothing the outage refused was written: no bid, no claim, no checkout, the cart line as it was
        as(buyer).get("/api/auctions/" + auction + "/bids").then().statusCode(200).body("size()", equalTo(0));
        as(buyer).get("/api/vouchers/" + voucher).then().statusCode(200).body("claimed", equalTo(0));
        as(buyer).get("/api/cart").then().statusCode(200).body("lines[0].quantity", equalTo(1));
    }

    /** 503 problem+json with Retry-After; the code may name what failed (as a flash-sale buy's does). */
    private static void unavailable(Response response) {
        response.then().statusCode(503).contentType(Problem.MEDIA_TYPE).header("Retry-After", notNullValue());
    }

    private static void expect503(Response response) {
        response.then().statusCode(503).contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", notNullValue()).body("code", equalTo("database-unavailable"));
    }
}
