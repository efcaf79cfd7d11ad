package io.liveshop.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Drives the real HTTP API the way a client would: tokens from the dev issuer, then plain requests. */
public final class Api {

    private Api() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String token(String subject, String... roles) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("subject", subject, "roles", List.of(roles)))
                .post("/api/dev/tokens")
                .then().statusCode(200)
                .extract().path("token");
    }

    public static RequestSpecification as(String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    /** A seller with a shop; returns its token. */
    public static String sellerWithShop(String subject) {
        String token = token(subject, "seller", "host");
        as(token).body(Map.of("name", "Shop of " + subject)).post("/api/sellers").then().statusCode(201);
        return token;
    }

    public static long activeProduct(String sellerToken, String title, long priceMinor, int stock) {
        Number id = as(sellerToken)
                .body(Map.of("title", title, "priceMinor", priceMinor, "currency", "EUR", "initialStock", stock,
                        "status", "ACTIVE", "hashtags", List.of("live"), "mediaUrls", List.of("https://cdn.example/p.jpg")))
                .post("/api/products")
                .then().statusCode(201)
                .extract().path("id");
        return id.longValue();
    }

    public static int stockOf(long productId) {
        return given().get("/api/products/" + productId).then().statusCode(200).extract().path("stock");
    }
}
