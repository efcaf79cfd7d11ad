package io.liveshop.order;

import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OrderListCachingTest {

    @Test
    void aBuyersOrdersArePrivateRevalidateAndShowANewOrderAtOnce() {
        String seller = sellerWithShop(unique("seller"));
        long product = activeProduct(seller, "Scarf", 3000, 10);
        String buyer = token(unique("buyer"), "viewer");
        String other = token(unique("buyer"), "viewer");

        String etag = as(buyer).get("/api/orders").then().statusCode(200)
                .header("Cache-Control", "private, no-store").header("Vary", containsString("Authorization"))
                .body("items", hasSize(0)).extract().header("ETag");
        as(buyer).header("If-None-Match", etag).get("/api/orders").then().statusCode(304).body(emptyString());

        Number id = as(buyer).body(Map.of("productId", product, "quantity", 1)).post("/api/orders")
                .then().statusCode(201).extract().path("id");

        as(buyer).header("If-None-Match", etag).get("/api/orders").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].id", equalTo(id.intValue()));
        as(other).get("/api/orders").then().statusCode(200).body("items", hasSize(0));

        as(buyer).post("/api/orders/" + id + "/cancel").then().statusCode(200);
        as(buyer).get("/api/orders").then().body("items[0].status", equalTo("CANCELLED"));
    }
}
