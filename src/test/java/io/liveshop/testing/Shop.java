package io.liveshop.testing;

import static io.liveshop.testing.Api.as;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Buyer-side helpers over the real API: addresses, cart lines, checkouts. */
public final class Shop {

    private Shop() {
    }

    public static long address(String buyer) {
        Number id = as(buyer).body(Map.of("name", "Ada Buyer", "line1", "1 Rue de la Paix", "city", "Paris",
                        "postalCode", "75002", "country", "FR"))
                .post("/api/addresses").then().statusCode(201).extract().path("id");
        return id.longValue();
    }

    public static void addToCart(String buyer, long productId, int quantity) {
        as(buyer).body(Map.of("productId", productId, "quantity", quantity)).post("/api/cart/lines")
                .then().statusCode(200);
    }

    public static long product(String sellerToken, String title, long priceMinor, int stock, String currency) {
        Number id = as(sellerToken)
                .body(Map.of("title", title, "priceMinor", priceMinor, "currency", currency, "initialStock", stock,
                        "status", "ACTIVE"))
                .post("/api/products").then().statusCode(201).extract().path("id");
        return id.longValue();
    }

    public static String checkoutJson(String cardToken, List<Long> productIds, List<Long> voucherIds) {
        Map<String, Object> body = new HashMap<>();
        body.put("cardToken", cardToken);
        if (productIds != null) {
            body.put("productIds", productIds);
        }
        if (voucherIds != null) {
            body.put("voucherIds", voucherIds);
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
