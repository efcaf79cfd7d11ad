package io.liveshop.testing;

import static io.liveshop.testing.Api.as;

import java.util.List;
import java.util.Map;

/** A live stream with a showcase, set up through the real API. */
public record Streams(String hostToken, long streamId, List<Long> products) {

    public static Streams live(int productCount, int stock) {
        String host = Api.sellerWithShop(Api.unique("host"));
        List<Long> products = java.util.stream.IntStream.range(0, productCount)
                .mapToObj(i -> Api.activeProduct(host, "Live item " + i, 1000 + i, stock)).toList();
        Number id = as(host).body(Map.of("title", "Friday drop", "showcase", products)).post("/api/streams")
                .then().statusCode(201).extract().path("id");
        as(host).post("/api/streams/" + id + "/live").then().statusCode(200);
        return new Streams(host, id.longValue(), products);
    }

    public void pin(long productId) {
        as(hostToken).body(Map.of("productId", productId)).post("/api/streams/" + streamId + "/pin").then().statusCode(200);
    }
}
