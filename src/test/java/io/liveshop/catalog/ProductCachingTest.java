package io.liveshop.catalog;

import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liveshop.testing.Streams;
import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProductCachingTest {

    private static final String PUBLIC = "public, max-age=5, stale-while-revalidate=30";

    @Test
    void anActiveProductIsPublicWithAStrongEtagAndRevalidatesTo304() {
        String seller = sellerWithShop(unique("seller"));
        long id = activeProduct(seller, "Lip oil", 1200, 7);
        String path = "/api/products/" + id;

        String etag = given().get(path).then().statusCode(200)
                .header("Cache-Control", PUBLIC)
                .header("ETag", startsWith("\""))
                .body("title", equalTo("Lip oil")).extract().header("ETag");
        given().header("If-None-Match", etag).get(path).then().statusCode(304)
                .header("ETag", etag).header("Cache-Control", PUBLIC).body(emptyString());
        given().header("If-None-Match", "W/" + etag + ", \"other\"").get(path).then().statusCode(304);
        given().header("If-None-Match", "\"other\"").get(path).then().statusCode(200).header("ETag", etag);
    }

    @Test
    void anEditIsInTheNextReadWithANewEtag() {
        String seller = sellerWithShop(unique("seller"));
        long id = activeProduct(seller, "Blush", 1500, 7);
        String path = "/api/products/" + id;
        String before = given().get(path).then().statusCode(200).extract().header("ETag");

        as(seller).body(product("Blush", 999, "ACTIVE")).put(path).then().statusCode(200);

        String after = given().header("If-None-Match", before).get(path).then().statusCode(200)
                .body("priceMinor", equalTo(999)).extract().header("ETag");
        assertNotEquals(before, after);
    }

    @Test
    void draftsAndArchivedProductsAreNeverPublic() {
        String seller = sellerWithShop(unique("seller"));
        Number sellerId = as(seller).get("/api/sellers/me").then().extract().path("id");
        long id = ((Number) as(seller).body(product("Secret launch", 5000, "DRAFT")).post("/api/products")
                .then().statusCode(201).extract().path("id")).longValue();
        String path = "/api/products/" + id;
        String list = "/api/products?seller=" + sellerId;

        given().get(path).then().statusCode(404);
        given().get(list).then().statusCode(200).body("items.id", not(hasItem((int) id)));
        given().header("Authorization", "Bearer " + token(unique("stranger"), "viewer")).get(path)
                .then().statusCode(404);
        as(seller).get(path).then().statusCode(200).body("status", equalTo("DRAFT"))
                .header("Cache-Control", "private, no-store").header("Vary", containsString("Authorization"));

        as(seller).body(product("Secret launch", 5000, "ACTIVE")).put(path).then().statusCode(200);
        given().get(path).then().statusCode(200).header("Cache-Control", PUBLIC);
        given().get(list).then().body("items.id", hasItem((int) id));

        as(seller).post(path + "/archive").then().statusCode(200);
        given().get(path).then().statusCode(404);
        given().get(list).then().statusCode(200).body("items.id", not(hasItem((int) id)));
    }

    @Test
    void theCatalogIsPublicAndANewProductChangesItsEtag() {
        String seller = sellerWithShop(unique("seller"));
        Number sellerId = as(seller).get("/api/sellers/me").then().extract().path("id");
        activeProduct(seller, "Mascara", 1800, 3);
        String list = "/api/products?seller=" + sellerId + "&limit=5";
        String etag = given().get(list).then().statusCode(200).header("Cache-Control", PUBLIC)
                .extract().header("ETag");
        given().header("If-None-Match", etag).get(list).then().statusCode(304).body(emptyString());

        long added = activeProduct(seller, "Eyeliner", 900, 3);

        String next = given().header("If-None-Match", etag).get(list).then().statusCode(200)
                .body("items[0].id", equalTo((int) added)).extract().header("ETag");
        assertNotEquals(etag, next);
    }

    @Test
    void aSellersOwnProductsArePrivate() {
        String seller = sellerWithShop(unique("seller"));
        long id = activeProduct(seller, "Primer", 2100, 3);
        String etag = as(seller).get("/api/sellers/me/products").then().statusCode(200)
                .header("Cache-Control", "private, no-store").header("Vary", containsString("Authorization"))
                .body("items[0].id", equalTo((int) id)).extract().header("ETag");
        as(seller).header("If-None-Match", etag).get("/api/sellers/me/products").then().statusCode(304);
        as(seller).body(product("Primer", 2000, "DRAFT")).put("/api/products/" + id).then().statusCode(200);
        as(seller).header("If-None-Match", etag).get("/api/sellers/me/products").then().statusCode(200)
                .body("items[0].status", equalTo("DRAFT"));
    }

    @Test
    void aStockChangeIsReadOnceViewersHaveBeenTold() {
        Streams stream = Streams.live(1, 5);
        long id = stream.products().get(0);
        String path = "/api/products/" + id;
        String before = given().get(path).then().body("stock", equalTo(5)).extract().header("ETag");
        try (WsClient viewer = WsClient.viewer(stream.streamId(), token(unique("viewer"), "viewer"))) {
            viewer.await("snapshot");
            as(token(unique("buyer"), "viewer")).body(Map.of("productId", id, "quantity", 2)).post("/api/orders")
                    .then().statusCode(201);
            viewer.await(f -> f.path("type").asText().equals("stock") && f.path("data").path("stock").asInt() == 3,
                    java.time.Duration.ofSeconds(15));
        }
        String after = given().get(path).then().statusCode(200).body("stock", equalTo(3)).extract().header("ETag");
        assertNotEquals(before, after);
    }

    @Test
    void largeBodiesAreCompressedForClientsThatAcceptItAndSmallOnesAreNot() throws Exception {
        String seller = sellerWithShop(unique("seller"));
        Map<String, Object> big = new java.util.HashMap<>(product("Long story", 4200, "ACTIVE"));
        big.put("description", "A very long description. ".repeat(100));
        long large = ((Number) as(seller).body(big).post("/api/products").then().statusCode(201)
                .extract().path("id")).longValue();
        long small = activeProduct(seller, "Short", 100, 1);

        HttpResponse<byte[]> zipped = raw("/api/products/" + large, "gzip, deflate");
        assertEquals(200, zipped.statusCode());
        assertEquals(List.of("gzip"), zipped.headers().allValues("Content-Encoding"), zipped.headers().toString());
        assertTrue(zipped.headers().firstValue("Vary").orElse("").contains("Accept-Encoding"));
        JsonNode body = new ObjectMapper().readTree(new GZIPInputStream(new ByteArrayInputStream(zipped.body())));
        assertEquals("Long story", body.path("title").asText());

        HttpResponse<byte[]> plain = raw("/api/products/" + large, null);
        assertFalse(plain.headers().allValues("Content-Encoding").contains("gzip"), plain.headers().toString());
        assertEquals("Long story", new ObjectMapper().readTree(plain.body()).path("title").asText());
        // two encodings are two representations: each has its own strong validator
        assertNotEquals(plain.headers().firstValue("ETag").orElseThrow(), zipped.headers().firstValue("ETag").orElseThrow());

        HttpResponse<byte[]> tiny = raw("/api/products/" + small, "gzip");
        assertFalse(tiny.headers().allValues("Content-Encoding").contains("gzip"), tiny.headers().toString());
        assertEquals("Short", new ObjectMapper().readTree(tiny.body()).path("title").asText());

        HttpResponse<byte[]> list = raw("/api/products?limit=50", "gzip");
        assertEquals(List.of("gzip"), list.headers().allValues("Content-Encoding"), list.headers().toString());
    }

    private static HttpResponse<byte[]> raw(String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        // HTTP/1.1, as a CDN talks to the origin (the JDK client would otherwise upgrade to h2c)
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, Object> product(String title, long price, String status) {
        return Map.of("title", title, "priceMinor", price, "currency", "EUR", "status", status, "initialStock", 5,
                "hashtags", List.of("live"), "mediaUrls", List.of("https://cdn.example/p.jpg"));
    }
}
