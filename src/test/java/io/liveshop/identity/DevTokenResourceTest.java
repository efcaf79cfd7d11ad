package io.liveshop.identity;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DevTokenResourceTest {

    @Test
    void mintsTokensThatTheApiAccepts() {
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("subject", "carol", "roles", List.of("seller")))
                .post("/api/dev/tokens").then().statusCode(200)
                .body("subject", equalTo("carol")).extract().path("token");
        given().header("Authorization", "Bearer " + token).get("/api/orders").then().statusCode(200);
    }

    @Test
    void mintsSyntheticUsersInBatches() {
        given().contentType(ContentType.JSON)
                .body(Map.of("prefix", "surge", "count", 25, "roles", List.of("viewer")))
                .post("/api/dev/tokens/batch").then().statusCode(200)
                .body("$", hasSize(25)).body("[24].subject", equalTo("surge-25"));
    }

    @Test
    void rejectsUnknownRolesAndOversizedBatches() {
        given().contentType(ContentType.JSON).body(Map.of("roles", List.of("superuser")))
                .post("/api/dev/tokens").then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("prefix", "x", "count", 20001, "roles", List.of("viewer")))
                .post("/api/dev/tokens/batch").then().statusCode(400).body("errors[0].field", equalTo("count"));
    }

    @Test
    void aTokenSignedByAnotherKeyIsRejected() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = Jwt.issuer("https://liveshop.local").subject("mallory").groups("admin")
                .sign(generator.generateKeyPair().getPrivate());
        given().header("Authorization", "Bearer " + forged).get("/api/orders")
                .then().statusCode(401).body("type", startsWith("https://liveshop.dev/problems/"));
    }
}
