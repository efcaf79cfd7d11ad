package io.liveshop.livestream;

import static io.liveshop.testing.Api.activeProduct;
import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.stockOf;
import static io.liveshop.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stream shows and sells only products of its owner's shop (the seller account of the stream's host; co-hosts
 * act for that shop). Seller A lists a watch; host B, with its own shop, tries to show and sell it.
 */
@QuarkusTest
class StreamOwnershipTest {

    @Inject
    Pool pool;

    @Test
    void aHostCannotShowPinOrSellAnotherShopsProduct() {
        String sellerA = sellerWithShop(unique("seller-a"));
        long watch = activeProduct(sellerA, "Watch", 50000, 10);
        String hostBId = unique("host-b");
        String hostB = sellerWithShop(hostBId);
        long own = activeProduct(hostB, "Own scarf", 2000, 10);
        long streamsBefore = count("select count(*) from live_stream where host_id = $1", hostBId);

        // creating a stream with A's watch in the showcase: 403, no stream
        as(hostB).body(Map.of("title", "B's show", "showcase", List.of(own, watch))).post("/api/streams")
                .then().statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"));
        assertEquals(streamsBefore, count("select count(*) from live_stream where host_id = $1", hostBId));

        Number created = as(hostB).body(Map.of("title", "B's show", "showcase", List.of(own))).post("/api/streams")
                .then().statusCode(201).extract().path("id");
        long streamId = created.longValue();
        String path = "/api/streams/" + streamId;
        as(hostB).post(path + "/live").then().statusCode(200);

        // adding it to the showcase: 403, showcase unchanged
        as(hostB).body(Map.of("productId", watch)).post(path + "/showcase").then().statusCode(403)
                .contentType("application/problem+json");
        given().get(path).then().body("showcase", contains((int) own));

        // a co-host acts for the host's shop: not for its own, and not for A's
        String coHostId = unique("cohost");
        String coHost = sellerWithShop(coHostId);
        long coHostsOwn = activeProduct(coHost, "Co-host's mug", 900, 5);
        as(hostB).body(Map.of("userId", coHostId)).post(path + "/cohosts").then().statusCode(200);
        as(coHost).body(Map.of("productId", coHostsOwn)).post(path + "/showcase").then().statusCode(403);
        as(coHost).body(Map.of("productId", watch)).post(path + "/showcase").then().statusCode(403);
        long ownSecond = activeProduct(hostB, "Own hat", 1500, 10);
        as(coHost).body(Map.of("productId", ownSecond)).post(path + "/showcase").then().statusCode(200)
                .body("showcase", contains((int) own, (int) ownSecond));

        // a foreign product that is in the showcase anyway (written before this rule): no pin, no sale
        pool.preparedQuery("insert into stream_showcase (stream_id, product_id) values ($1, $2)")
                .execute(Tuple.of(streamId, watch)).await().indefinitely();
        as(hostB).body(Map.of("productId", watch)).post(path + "/pin").then().statusCode(403)
                .contentType("application/problem+json");
        given().get(path).then().body("pinnedProductId", nullValue());
        given().get(path + "/timeline").then().statusCode(200).body("size()", equalTo(0));

        as(hostB).body(Map.of("streamId", streamId, "productId", watch, "priceMinor", 1, "quantity", 10,
                "perBuyerLimit", 1, "durationSeconds", 600)).post("/api/sales").then().statusCode(403)
                .contentType("application/problem+json");
        assertEquals(0, count("select count(*) from flash_sale where stream_id = $1", streamId));
        assertEquals(10, stockOf(watch), "no unit of the watch was allocated to a sale");
        assertEquals(0, count("select count(*) from flash_sale where product_id = $1", watch));

        // the host's own product still pins and sells
        as(hostB).body(Map.of("productId", own)).post(path + "/pin").then().statusCode(200);
        as(hostB).body(Map.of("streamId", streamId, "productId", own, "priceMinor", 100, "quantity", 2,
                "perBuyerLimit", 1, "durationSeconds", 600)).post("/api/sales").then().statusCode(201);
    }

    private long count(String sql, Object parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().indefinitely().iterator().next().getLong(0);
    }
}
