package io.liveshop.moderation;

import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The moderation audit trail: what an admin's act records, and how it is read (keyset pages, newest first). */
@QuarkusTest
class AuditTrailTest {

    @Inject
    Pool pool;

    @Test
    void everyModerationActIsRecordedAndReadNewestFirstInKeysetPages() {
        String seller = sellerWithShop(unique("audited"));
        long first = activeProduct(seller, "First", 100, 1);
        long second = activeProduct(seller, "Second", 100, 1);
        long third = activeProduct(seller, "Third", 100, 1);
        String adminId = unique("operator");
        String admin = token(adminId, "admin");

        as(admin).body(Map.of("reason", "counterfeit")).post("/api/products/" + first + "/archive").then().statusCode(200)
                .body("status", equalTo("ARCHIVED"));
        // no body and no content type: still a valid moderation command, recorded without a reason
        given().header("Authorization", "Bearer " + admin).post("/api/products/" + second + "/archive").then()
                .statusCode(200);
        as(admin).body(Map.of("reason", "reported twice")).post("/api/products/" + third + "/archive").then()
                .statusCode(200);

        JsonPath page = as(admin).queryParam("limit", 2).get("/api/admin/audit").then().statusCode(200)
                .body("items.size()", equalTo(2)).body("nextCursor", notNullValue()).extract().jsonPath();
        assertEquals(third, page.getLong("items[0].resourceId"));
        assertEquals("reported twice", page.getString("items[0].reason"));
        assertEquals(adminId, page.getString("items[0].actorId"));
        assertEquals("product.archive", page.getString("items[0].action"));
        assertEquals("product", page.getString("items[0].resourceType"));
        assertEquals(second, page.getLong("items[1].resourceId"));
        assertEquals(null, page.getString("items[1].reason"));
        as(admin).queryParam("limit", 2).queryParam("cursor", page.getString("nextCursor")).get("/api/admin/audit")
                .then().statusCode(200)
                .body("items[0].resourceId", equalTo((int) first))
                .body("items[0].reason", equalTo("counterfeit"))
                .body("items[0].at", notNullValue());
    }

    @Test
    void theOwnersOwnActIsNotModerationAndABadBodyChangesNothing() {
        String seller = sellerWithShop(unique("owner"));
        long product = activeProduct(seller, "Own", 100, 1);
        String admin = token(unique("operator"), "admin");

        as(admin).body("null").post("/api/products/" + product + "/archive").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("body"));
        as(admin).body(Map.of("reason", 7)).post("/api/products/" + product + "/archive").then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        as(admin).body(Map.of("reason", "x".repeat(501))).post("/api/products/" + product + "/archive").then()
                .statusCode(400);
        assertEquals(0, audited(product));
        given().get("/api/products/" + product).then().statusCode(200).body("status", equalTo("ACTIVE"));

        as(seller).body(Map.of("reason", "sold elsewhere")).post("/api/products/" + product + "/archive").then()
                .statusCode(200);
        assertEquals(0, audited(product), "an owner's own act is not moderation");
    }

    @Test
    void anAdminRefundsAnyPaidOrderAndTheBuyerSeesIt() {
        String seller = sellerWithShop(unique("refunding"));
        long product = activeProduct(seller, "Lamp", 2500, 3);
        String buyer = token(unique("buyer"), "viewer");
        Number id = as(buyer).body(Map.of("productId", product, "quantity", 1)).post("/api/orders").then()
                .statusCode(201).extract().path("id");
        as(buyer).body(Map.of("cardToken", "tok_visa")).post("/api/orders/" + id + "/payment").then().statusCode(200);
        as(buyer).get("/api/orders").then().statusCode(200).body("items[0].status", equalTo("PAID"));

        String admin = token(unique("operator"), "admin");
        as(admin).body(Map.of("reason", "chargeback dispute")).post("/api/orders/" + id + "/refund").then()
                .statusCode(200).body("status", equalTo("REFUNDED"));
        // the order event reached the buyer's read model
        as(buyer).get("/api/orders").then().statusCode(200).body("items[0].status", equalTo("REFUNDED"));
        assertEquals(3, given().get("/api/products/" + product).then().extract().<Integer>path("stock"),
                "a refunded unshipped unit goes back to stock");
        as(admin).body(Map.of("reason", "again")).post("/api/orders/" + id + "/refund").then().statusCode(409);
        assertEquals(1, count("select count(*) from moderation_audit where action = 'order.refund' and resource_id = $1",
                id.longValue()));
    }

    @Test
    void onlyAdminsReadTheTrail() {
        given().get("/api/admin/audit").then().statusCode(401);
        as(token(unique("viewer"), "viewer", "host", "seller")).get("/api/admin/audit").then().statusCode(403)
                .contentType("application/problem+json");
        String admin = token(unique("operator"), "admin");
        as(admin).queryParam("cursor", "bogus").get("/api/admin/audit").then().statusCode(400);
        as(admin).queryParam("limit", 0).get("/api/admin/audit").then().statusCode(400);
        as(admin).queryParam("limit", 100).get("/api/admin/audit").then().statusCode(200)
                .body("items", notNullValue());
    }

    /** Documented as an optional JSON body, so MalformedInputTest sends every malformed reason to all four. */
    @Test
    @SuppressWarnings("unchecked")
    void theOptionalReasonIsInTheOpenApiDocument() {
        Map<String, Object> paths = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath()
                .getMap("paths");
        for (String path : List.of("/api/streams/{id}/end", "/api/sales/{id}/end", "/api/products/{id}/archive",
                "/api/orders/{id}/refund")) {
            Map<String, Object> body = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) paths.get(path))
                    .get("post")).get("requestBody");
            assertNotEquals(Boolean.TRUE, body.get("required"), path);
            Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) body
                    .get("content")).get("application/json")).get("schema");
            assertEquals("#/components/schemas/ModerationRequest", schema.get("$ref"), path);
        }
    }

    private long audited(long product) {
        return count("select count(*) from moderation_audit where resource_type = 'product' and resource_id = $1", product);
    }

    private long count(String sql, long id) {
        return pool.preparedQuery(sql).execute(Tuple.of(id)).await().indefinitely().iterator().next().getLong(0);
    }
}
