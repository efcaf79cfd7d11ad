package io.liveshop.catalog;

import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CatalogResourceTest {

    private static Map<String, Object> product(String title, String tag) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("description", "Glossy red, long lasting");
        body.put("priceMinor", 1299);
        body.put("currency", "EUR");
        body.put("initialStock", 10);
        body.put("status", "ACTIVE");
        body.put("hashtags", List.of("#" + tag, "Beauty"));
        body.put("mediaUrls", List.of("https://cdn.example/a.jpg"));
        return body;
    }

    @Test
    void sellerCreatesUpdatesAndArchivesOwnProduct() {
        String seller = sellerWithShop(unique("seller"));
        Number id = as(seller).body(product("Red lipstick", "lips")).post("/api/products")
                .then().statusCode(201)
                .header("Location", notNullValue())
                .body("stock", equalTo(10))
                .body("hashtags", contains("lips", "beauty"))
                .extract().path("id");

        Map<String, Object> update = product("Red lipstick v2", "lips");
        update.put("priceMinor", 999);
        as(seller).body(update).put("/api/products/" + id)
                .then().statusCode(200).body("title", equalTo("Red lipstick v2")).body("priceMinor", equalTo(999))
                .body("stock", equalTo(10));

        given().get("/api/products/" + id).then().statusCode(200).body("priceMinor", equalTo(999));

        as(seller).post("/api/products/" + id + "/archive").then().statusCode(200).body("status", equalTo("ARCHIVED"));
        given().get("/api/products/" + id).then().statusCode(404);
        as(seller).get("/api/products/" + id).then().statusCode(200).body("status", equalTo("ARCHIVED"));
        as(seller).body(update).put("/api/products/" + id).then().statusCode(409);
    }

    @Test
    void anotherSellerCannotChangeTheProduct() {
        String owner = sellerWithShop(unique("owner"));
        String other = sellerWithShop(unique("other"));
        long id = io.liveshop.testing.Api.activeProduct(owner, "Silk scarf", 4500, 3);

        Map<String, Object> hijack = product("Hijacked", "x");
        as(other).body(hijack).put("/api/products/" + id)
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        as(other).post("/api/products/" + id + "/archive").then().statusCode(403);
        given().get("/api/products/" + id).then().body("title", equalTo("Silk scarf")).body("status", equalTo("ACTIVE"));
    }

    @Test
    void rolesAreEnforced() {
        given().contentType(ContentType.JSON).body(product("No token", "x")).post("/api/products")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        String viewer = token(unique("viewer"), "viewer");
        as(viewer).body(product("Viewer product", "x")).post("/api/products")
                .then().statusCode(403).contentType("application/problem+json");
        as(viewer).body(Map.of("name", "Not a seller")).post("/api/sellers").then().statusCode(403);
        given().header("Authorization", "Bearer not-a-jwt").get("/api/sellers/me").then().statusCode(401);
    }

    @Test
    void aSellerHasOneShop() {
        String seller = sellerWithShop(unique("one-shop"));
        as(seller).body(Map.of("name", "Second shop")).post("/api/sellers")
                .then().statusCode(409).body("code", equalTo("seller-exists"));
        as(seller).get("/api/sellers/me").then().statusCode(200).body("name", notNullValue());
    }

    @Test
    void draftsAreVisibleOnlyToTheirSeller() {
        String seller = sellerWithShop(unique("drafter"));
        Map<String, Object> draft = product("Secret launch", "teaser");
        draft.put("status", "DRAFT");
        Number id = as(seller).body(draft).post("/api/products").then().statusCode(201).extract().path("id");
        given().get("/api/products/" + id).then().statusCode(404);
        as(token(unique("nosy"), "viewer")).get("/api/products/" + id).then().statusCode(404);
        as(seller).get("/api/products/" + id).then().statusCode(200);
        as(seller).get("/api/sellers/me/products?status=DRAFT").then().statusCode(200).body("items.id", hasItem(id));
    }

    @Test
    void keysetPaginationWalksEveryProductOnceWithFilters() {
        String seller = sellerWithShop(unique("pager"));
        String tag = unique("tag").replace("-", "_");
        List<Integer> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Number id = as(seller).body(product("Pager item " + i, tag)).post("/api/products")
                    .then().statusCode(201).extract().path("id");
            created.add(id.intValue());
        }
        List<Integer> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = given().queryParam("hashtag", tag).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/products").then().statusCode(200).extract();
            seen.addAll(page.path("items.id"));
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        List<Integer> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen, "newest first, each product exactly once");

        given().queryParam("hashtag", "#" + tag.toUpperCase()).queryParam("q", "ITEM 3").get("/api/products")
                .then().statusCode(200).body("items.size()", equalTo(1)).body("items[0].title", equalTo("Pager item 3"));
        long shopId = ((Number) as(seller).get("/api/sellers/me").then().extract().path("id")).longValue();
        given().queryParam("seller", shopId).queryParam("limit", 100).get("/api/products")
                .then().statusCode(200).body("items.size()", equalTo(5)).body("nextCursor", nullValue());
    }

    @Test
    void invalidInputIsRejectedAndNothingIsWritten() {
        String seller = sellerWithShop(unique("validator"));
        int before = countOwn(seller);

        Map<String, Object> bad = product("", "ok");
        bad.put("priceMinor", -5);
        bad.put("currency", "EURO");
        bad.put("title", "x".repeat(201));
        as(seller).body(bad).post("/api/products")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("priceMinor"))
                .body("errors.field", hasItem("currency"))
                .body("errors.field", hasItem("title"));

        Map<String, Object> badEnum = product("Enum", "ok");
        badEnum.put("status", "FOR_SALE");
        as(seller).body(badEnum).post("/api/products")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));

        as(seller).body("{\"title\": \"broken").post("/api/products")
                .then().statusCode(400).body("detail", equalTo("Malformed JSON"));
        as(seller).body("{\"title\":\"Huge\",\"priceMinor\":123456789012345678901234567890,\"currency\":\"EUR\",\"initialStock\":1}")
                .post("/api/products").then().statusCode(400).body("errors[0].field", equalTo("priceMinor"));
        as(seller).body("{\"title\":\"Unknown\",\"priceMinor\":1,\"currency\":\"EUR\",\"initialStock\":1,\"color\":\"red\"}")
                .post("/api/products").then().statusCode(400);
        Map<String, Object> hugeStock = product("Stock", "ok");
        hugeStock.put("initialStock", 2_000_000_000);
        as(seller).body(hugeStock).post("/api/products").then().statusCode(400);
        Map<String, Object> fakeCurrency = product("Currency", "ok");
        fakeCurrency.put("currency", "ABC");
        as(seller).body(fakeCurrency).post("/api/products")
                .then().statusCode(400).body("errors[0].field", equalTo("currency"));

        given().get("/api/products/abc").then().statusCode(400).body("errors[0].field", equalTo("id"));
        given().get("/api/products/-1").then().statusCode(400);
        given().get("/api/products?limit=1000").then().statusCode(400).body("errors[0].field", equalTo("limit"));
        given().get("/api/products?cursor=%%%").then().statusCode(400);

        assertEquals(before, countOwn(seller), "no product was written by a rejected request");
    }

    private static int countOwn(String seller) {
        return as(seller).get("/api/sellers/me/products?limit=100").then().statusCode(200).extract().path("items.size()");
    }
}
