package io.liveshop.auction;

import static io.liveshop.testing.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveshop.testing.Api;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test helpers over the real HTTP API, and the invariants every auction must satisfy. */
final class AuctionFixtures {

    /** A live stream of a host's shop with one showcase product. */
    record Lot(String hostToken, long streamId, long productId) {
    }

    /** One answered bid over HTTP. */
    record Bid(String bidder, String key, int status, String outcome, Long priceMinor, long minNext, boolean replayed,
            String body) {

        boolean accepted() {
            return "LEADING".equals(outcome) || "OUTBID".equals(outcome);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private AuctionFixtures() {
    }

    static Lot lot(int stock) {
        String host = Api.sellerWithShop(Api.unique("auctioneer"));
        long product = Api.activeProduct(host, "Rookie card", 9900, stock);
        Number id = as(host).body(Map.of("title", "Card breaks", "showcase", List.of(product))).post("/api/streams")
                .then().statusCode(201).extract().path("id");
        as(host).post("/api/streams/" + id + "/live").then().statusCode(200);
        return new Lot(host, id.longValue(), product);
    }

    static String viewer(String subject) {
        return Api.token(subject, "viewer");
    }

    static String named(String subject, String name) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("subject", subject, "name", name, "roles", List.of("viewer")))
                .post("/api/dev/tokens").then().statusCode(200).extract().path("token");
    }

    static List<String> viewers(String prefix, int count) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("prefix", prefix, "count", count, "roles", List.of("viewer")))
                .post("/api/dev/tokens/batch").then().statusCode(200).extract().jsonPath().getList("token");
    }

    static Response startResponse(Lot lot, String token, long starting, int duration, String mode, Long reserve) {
        Map<String, Object> body = new HashMap<>(Map.of("streamId", lot.streamId(), "productId", lot.productId(),
                "startingPriceMinor", starting, "durationSeconds", duration, "mode", mode));
        if (reserve != null) {
            body.put("reservePriceMinor", reserve);
        }
        return as(token).body(body).post("/api/auctions");
    }

    static long start(Lot lot, long starting, int duration, String mode) {
        return startResponse(lot, lot.hostToken(), starting, duration, mode, null).then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    static Response bid(String token, long auctionId, String key, String field, long amount) {
        return as(token).header("Idempotency-Key", key).body(Map.of(field, amount))
                .post("/api/auctions/" + auctionId + "/bids");
    }

    static JsonPath view(long auctionId) {
        return as(Api.token("reader", "viewer")).get("/api/auctions/" + auctionId).then().statusCode(200)
                .extract().jsonPath();
    }

    static List<Map<String, Object>> bids(long auctionId) {
        return as(Api.token("reader", "viewer")).get("/api/auctions/" + auctionId + "/bids").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    /** Waits (bounded) until the clock closed the auction; the status is asserted by the caller. */
    static JsonPath awaitClosed(long auctionId) {
        long until = System.currentTimeMillis() + 90_000;
        JsonPath v = view(auctionId);
        while (v.getString("status").equals("RUNNING") && System.currentTimeMillis() < until) {
            sleep(200);
            v = view(auctionId);
        }
        return v;
    }

    static Bid send(URL base, String token, String bidder, long auctionId, String key, String field, long amount) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "")
                        + "/api/auctions/" + auctionId + "/bids"))
                .header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"" + field + "\":" + amount + "}")).build();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonPath json = JsonPath.from(r.body().isEmpty() ? "{}" : r.body());
            Object price = json.get("priceMinor");
            Object next = json.get("minNextBidMinor");
            return new Bid(bidder, key, r.statusCode(), json.getString("outcome"),
                    price == null ? null : ((Number) price).longValue(), next == null ? 0 : ((Number) next).longValue(),
                    Boolean.TRUE.equals(json.get("replayed")), r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The invariants: accepted bids strictly increase in sequence; the bid count matches; nothing was placed at or
     * after the end; a closed auction's winner pays the last accepted bid (or there is no sale: no bid, or below the
     * reserve) and has an order (read as the winner) whose total is that price.
     */
    static void assertInvariants(long auctionId) {
        JsonPath v = view(auctionId);
        List<Map<String, Object>> rows = bids(auctionId);
        assertEquals(rows.size(), v.getInt("bidCount"), v.prettify());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i + 1, ((Number) rows.get(i).get("seq")).intValue());
            if (i > 0) {
                assertTrue(amount(rows.get(i)) > amount(rows.get(i - 1)), "strictly increasing: " + rows);
            }
            assertTrue(Instant.parse((String) rows.get(i).get("placedAt")).isBefore(Instant.parse(v.getString("endsAt"))),
                    "nothing accepted at or after the end: " + rows.get(i) + " " + v.prettify());
        }
        if (!rows.isEmpty()) {
            assertEquals(amount(rows.get(rows.size() - 1)), v.getLong("priceMinor"), "price is the last bid");
        }
        String status = v.getString("status");
        if ("CLOSED".equals(status)) {
            boolean sold = v.getBoolean("reserveMet");
            if (sold) {
                assertEquals(v.getString("leaderId"), v.getString("winnerId"), v.prettify());
                assertNotNull(v.get("orderId"), v.prettify());
                JsonPath order = as(Api.token(v.getString("winnerId"), "viewer")).get("/api/orders/" + v.getLong("orderId"))
                        .then().statusCode(200).extract().jsonPath();
                assertEquals(v.getLong("priceMinor"), order.getLong("totalMinor"), "the winner's order is at the price");
                assertEquals("AUCTION", order.getString("source"), order.prettify());
            } else {
                assertNull(v.get("winnerId"), v.prettify());
                assertNull(v.get("orderId"), v.prettify());
            }
        }
    }

    static long amount(Map<String, Object> row) {
        return ((Number) row.get("amountMinor")).longValue();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
