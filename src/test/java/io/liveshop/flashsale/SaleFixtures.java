package io.liveshop.flashsale;

import static io.restassured.RestAssured.given;

import io.liveshop.testing.Api;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/** Test helpers over the real HTTP API: tokens, a shop with a product, sales, and concurrent buyers. */
final class SaleFixtures {

    record Product(String sellerToken, long productId, long streamId) {
    }

    /** One answered attempt: HTTP status and the parsed answer (outcome, orderId, replayed). */
    record Attempt(String buyer, String key, int status, String outcome, Long orderId, boolean replayed, String body) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private SaleFixtures() {
    }

    static String unique(String prefix) {
        return Api.unique(prefix);
    }

    static String token(String subject, String... roles) {
        return Api.token(subject, roles);
    }

    /** Tokens for prefix-1 … prefix-count (subjects are prefix-i). */
    static List<String> tokens(String prefix, int count) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("prefix", prefix, "count", count, "roles", List.of("viewer")))
                .post("/api/dev/tokens/batch").then().statusCode(200).extract().jsonPath().getList("token");
    }

    static Product product(int stock) {
        String seller = token(unique("seller-"), "seller", "host");
        given().auth().oauth2(seller).contentType(ContentType.JSON).body(Map.of("name", "Shop"))
                .post("/api/sellers").then().statusCode(201);
        long id = given().auth().oauth2(seller).contentType(ContentType.JSON)
                .body(Map.of("title", "Sneaker", "priceMinor", 9900, "currency", "EUR", "initialStock", stock,
                        "status", "ACTIVE"))
                .post("/api/products").then().statusCode(201).extract().jsonPath().getLong("id");
        long stream = given().auth().oauth2(seller).contentType(ContentType.JSON)
                .body(Map.of("title", "Drop night", "showcase", List.of(id)))
                .post("/api/streams").then().statusCode(201).extract().jsonPath().getLong("id");
        given().auth().oauth2(seller).post("/api/streams/" + stream + "/live").then().statusCode(200);
        return new Product(seller, id, stream);
    }

    static int stock(long productId) {
        return Api.stockOf(productId);
    }

    static Response startSaleResponse(Product p, int quantity, int limit, int countdown, int duration) {
        return given().auth().oauth2(p.sellerToken()).contentType(ContentType.JSON)
                .body(Map.of("streamId", p.streamId(), "productId", p.productId(), "priceMinor", 4900, "quantity", quantity,
                        "perBuyerLimit", limit, "countdownSeconds", countdown, "durationSeconds", duration))
                .post("/api/sales");
    }

    static long startSale(Product p, int quantity, int limit) {
        return startSaleResponse(p, quantity, limit, 0, 600).then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static Response buy(String token, long saleId, String key) {
        return given().auth().oauth2(token).header("Idempotency-Key", key).post("/api/sales/" + saleId + "/buy");
    }

    static JsonPath invariant(Product p, long saleId) {
        return given().auth().oauth2(p.sellerToken()).get("/api/sales/" + saleId + "/invariant")
                .then().statusCode(200).extract().jsonPath();
    }

    static JsonPath end(Product p, long saleId) {
        return given().auth().oauth2(p.sellerToken()).post("/api/sales/" + saleId + "/end")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Fires all attempts concurrently (at most {@code inFlight} at once) over real HTTP; returns every answer. */
    static List<Attempt> rush(URL base, long saleId, List<String[]> buyerTokenAndKey, int inFlight) {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<Attempt>> all = new ArrayList<>();
        for (String[] tk : buyerTokenAndKey) {
            permits.acquireUninterruptibly();
            HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "")
                            + "/api/sales/" + saleId + "/buy"))
                    .header("Authorization", "Bearer " + tk[0]).header("Idempotency-Key", tk[1])
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            all.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((r, e) -> permits.release())
                    .thenApply(r -> parse(tk[0], tk[1], r)));
        }
        return all.stream().map(CompletableFuture::join).toList();
    }

    private static Attempt parse(String buyer, String key, HttpResponse<String> r) {
        JsonPath json = JsonPath.from(r.body().isEmpty() ? "{}" : r.body());
        Object order = json.get("orderId");
        Boolean replayed = json.get("replayed");
        return new Attempt(buyer, key, r.statusCode(), json.getString("outcome"),
                order == null ? null : ((Number) order).longValue(), Boolean.TRUE.equals(replayed), r.body());
    }
}
