package io.liveshop.livestream;

import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.liveshop.testing.Streams;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LiveStreamResourceTest {

    @Test
    void hostRunsAStreamFromScheduledToEnded() {
        String host = sellerWithShop(unique("host"));
        long a = activeProduct(host, "Serum", 2500, 5);
        long b = activeProduct(host, "Toner", 1500, 5);
        Number id = as(host).body(Map.of("title", "Skincare night", "scheduledStart", "2026-12-01T20:00:00Z",
                "showcase", List.of(a))).post("/api/streams")
                .then().statusCode(201).body("status", equalTo("SCHEDULED")).extract().path("id");
        String path = "/api/streams/" + id;

        as(host).body(Map.of("productId", a)).post(path + "/pin").then().statusCode(409)
                .body("code", equalTo("stream-not-live"));
        as(host).post(path + "/live").then().statusCode(200).body("status", equalTo("LIVE"));
        as(host).post(path + "/live").then().statusCode(409).body("code", equalTo("illegal-transition"));
        as(host).body(Map.of("productId", b)).post(path + "/pin").then().statusCode(409)
                .body("code", equalTo("not-in-showcase"));
        as(host).body(Map.of("productId", b)).post(path + "/showcase").then().statusCode(200)
                .body("showcase", contains((int) a, (int) b));
        as(host).body(Map.of("productId", a)).post(path + "/pin").then().statusCode(200)
                .body("product.id", equalTo((int) a)).body("product.priceMinor", equalTo(2500));
        as(host).body(Map.of("productId", b)).post(path + "/pin").then().statusCode(200);
        given().get(path).then().body("pinnedProductId", equalTo((int) b));
        as(host).delete(path + "/showcase/" + b).then().statusCode(409).body("code", equalTo("product-pinned"));
        as(host).post(path + "/unpin").then().statusCode(204);
        given().get(path).then().body("pinnedProductId", nullValue());

        given().get(path + "/timeline").then().statusCode(200).body("$", hasSize(3))
                .body("action", contains("PIN", "PIN", "UNPIN"))
                .body("productId", contains((int) a, (int) b, (int) b));

        as(host).post(path + "/end").then().statusCode(200).body("status", equalTo("ENDED"));
        as(host).post(path + "/live").then().statusCode(409);
    }

    @Test
    void onlyTheHostAndCoHostsControlTheStream() {
        Streams stream = Streams.live(2, 5);
        String path = "/api/streams/" + stream.streamId();
        long first = stream.products().get(0);
        String viewer = token(unique("viewer"), "viewer");
        String otherHost = sellerWithShop(unique("other-host"));

        as(viewer).body(Map.of("productId", first)).post(path + "/pin").then().statusCode(403)
                .contentType("application/problem+json");
        as(otherHost).body(Map.of("productId", first)).post(path + "/pin").then().statusCode(403);
        as(otherHost).post(path + "/end").then().statusCode(403);
        as(otherHost).delete(path + "/showcase/" + first).then().statusCode(403);
        as(viewer).body(Map.of("title", "Mine")).post("/api/streams").then().statusCode(403);
        given().get(path).then().body("pinnedProductId", nullValue()).body("status", equalTo("LIVE"));

        String coHostId = unique("cohost");
        String coHost = token(coHostId, "host");
        as(coHost).body(Map.of("userId", "x")).post(path + "/cohosts").then().statusCode(403);
        as(stream.hostToken()).body(Map.of("userId", coHostId)).post(path + "/cohosts").then().statusCode(200)
                .body("coHosts", contains(coHostId));
        as(coHost).body(Map.of("productId", first)).post(path + "/pin").then().statusCode(200);
        given().get(path).then().body("pinnedProductId", equalTo((int) first));
        as(viewer).get(path + "/audience").then().statusCode(403);
        as(coHost).get(path + "/audience").then().statusCode(200);
    }

    @Test
    void badStreamRequestsAreRejected() {
        String host = sellerWithShop(unique("bad-host"));
        as(host).body(Map.of("title", "")).post("/api/streams").then().statusCode(400);
        as(host).body(Map.of("title", "x", "showcase", List.of(999_999_999))).post("/api/streams").then()
                .statusCode(400).body("errors[0].field", equalTo("showcase"));
        given().get("/api/streams/abc").then().statusCode(400);
        given().get("/api/streams/99999999").then().statusCode(404);
    }
}
