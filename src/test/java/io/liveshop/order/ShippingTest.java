package io.liveshop.order;

import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.testing.Shop;
import io.liveshop.testing.Streams;
import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ShippingTest {

    private static long buyNow(String buyer, long productId) {
        Number id = as(buyer).body(Map.of("productId", productId, "quantity", 1)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
        return id.longValue();
    }

    @Test
    void theSellerShipsWithTrackingAndTheBuyerSeesItLive() {
        Streams live = Streams.live(1, 10);
        String seller = sellerWithShop(unique("ship-seller"));
        long product = activeProduct(seller, "Kettle", 3000, 5);
        String buyer = token(unique("ship-buyer"), "viewer");
        long home = Shop.address(buyer);
        long order = buyNow(buyer, product);
        as(buyer).body(Map.of("cardToken", "tok_visa", "addressId", home)).post("/api/orders/" + order + "/payment")
                .then().statusCode(200).body("shipTo", equalTo("Ada Buyer, 1 Rue de la Paix, 75002 Paris, FR"));

        try (WsClient socket = WsClient.viewer(live.streamId(), buyer)) {
            socket.await("snapshot");
            as(seller).body(Map.of("carrier", "DHL", "trackingNumber", "JD0146 0000 1234"))
                    .post("/api/orders/" + order + "/ship").then().statusCode(200)
                    .body("status", equalTo("SHIPPED")).body("carrier", equalTo("DHL"))
                    .body("trackingNumber", equalTo("JD0146 0000 1234"));
            JsonNode shipped = socket.await("order.shipped");
            assertEquals(order, shipped.path("data").path("orderId").asLong(), shipped.toString());
            assertEquals("DHL", shipped.path("data").path("carrier").asText());
        }
        as(buyer).get("/api/orders/" + order).then().body("trackingNumber", equalTo("JD0146 0000 1234"));
    }

    @Test
    void anOrderWithoutAnAddressCannotShipAndTheDefaultIsTakenWhenOmitted() {
        String seller = sellerWithShop(unique("noaddr-seller"));
        long product = activeProduct(seller, "Kettle", 3000, 5);
        String buyer = token(unique("noaddr-buyer"), "viewer");
        long order = buyNow(buyer, product);
        as(buyer).body(Map.of("cardToken", "tok_visa")).post("/api/orders/" + order + "/payment")
                .then().statusCode(200).body("shipTo", nullValue());
        as(seller).post("/api/orders/" + order + "/ship").then().statusCode(409).body("code", equalTo("no-address"));
        as(buyer).get("/api/orders/" + order).then().body("status", equalTo("PAID"));

        Shop.address(buyer);
        long second = buyNow(buyer, product);
        as(buyer).body(Map.of("cardToken", "tok_visa")).post("/api/orders/" + second + "/payment")
                .then().statusCode(200).body("shipTo", equalTo("Ada Buyer, 1 Rue de la Paix, 75002 Paris, FR"));
        as(seller).post("/api/orders/" + second + "/ship").then().statusCode(200).body("carrier", nullValue());

        String other = token(unique("noaddr-other"), "viewer");
        long othersAddress = Shop.address(other);
        long third = buyNow(buyer, product);
        as(buyer).body(Map.of("cardToken", "tok_visa", "addressId", othersAddress)).post("/api/orders/" + third + "/payment")
                .then().statusCode(404);
        as(buyer).get("/api/orders/" + third).then().body("status", equalTo("PENDING_PAYMENT"));
        as(seller).body(Map.of("trackingNumber", "")).post("/api/orders/" + second + "/ship").then().statusCode(400);
    }

    @Test
    void anotherSellerCannotShipAndNothingChanges() {
        String seller = sellerWithShop(unique("ship-own"));
        String otherSeller = sellerWithShop(unique("ship-other"));
        long product = activeProduct(seller, "Kettle", 3000, 5);
        String buyer = token(unique("ship-own-buyer"), "viewer");
        Shop.address(buyer);
        long order = buyNow(buyer, product);
        as(buyer).body(Map.of("cardToken", "tok_visa")).post("/api/orders/" + order + "/payment").then().statusCode(200);

        as(otherSeller).body(Map.of("carrier", "UPS", "trackingNumber", "1Z999"))
                .post("/api/orders/" + order + "/ship").then().statusCode(403);
        as(buyer).body(Map.of("carrier", "UPS", "trackingNumber", "1Z999"))
                .post("/api/orders/" + order + "/ship").then().statusCode(403);
        as(buyer).get("/api/orders/" + order).then().statusCode(200).body("status", equalTo("PAID"))
                .body("carrier", nullValue()).body("trackingNumber", nullValue());
    }
}
