package io.liveshop.livestream;

import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.liveshop.testing.Streams;
import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StreamCachingTest {

    private static final String PUBLIC = "public, max-age=5, stale-while-revalidate=30";

    @Test
    void aStreamIsPublicAndEveryCommandIsInTheNextReadWithANewEtag() {
        Streams stream = Streams.live(2, 5);
        String path = "/api/streams/" + stream.streamId();
        String etag = given().get(path).then().statusCode(200).header("Cache-Control", PUBLIC)
                .body("pinnedProductId", nullValue()).extract().header("ETag");
        given().header("If-None-Match", etag).get(path).then().statusCode(304).header("ETag", etag).body(emptyString());

        stream.pin(stream.products().get(1));
        String pinned = given().header("If-None-Match", etag).get(path).then().statusCode(200)
                .body("pinnedProductId", equalTo(stream.products().get(1).intValue())).extract().header("ETag");
        assertNotEquals(etag, pinned);

        String coHost = unique("cohost");
        as(stream.hostToken()).body(Map.of("userId", coHost)).post(path + "/cohosts").then().statusCode(200);
        String withCoHost = given().get(path).then().body("coHosts", contains(coHost)).extract().header("ETag");
        assertNotEquals(pinned, withCoHost);

        as(stream.hostToken()).post(path + "/unpin").then().statusCode(204);
        as(stream.hostToken()).post(path + "/end").then().statusCode(200);
        given().header("If-None-Match", withCoHost).get(path).then().statusCode(200)
                .body("status", equalTo("ENDED")).body("pinnedProductId", nullValue());
    }

    @Test
    void viewersSeeAPriceDropOfThePinnedProductAndCoHostChanges() {
        Streams stream = Streams.live(1, 5);
        long product = stream.products().get(0);
        stream.pin(product);
        try (WsClient viewer = WsClient.viewer(stream.streamId(), token(unique("viewer"), "viewer"))) {
            viewer.await("snapshot");
            as(stream.hostToken()).body(Map.of("title", "Live item 0", "priceMinor", 499, "currency", "EUR",
                    "status", "ACTIVE", "mediaUrls", List.of("https://cdn.example/new.jpg")))
                    .put("/api/products/" + product).then().statusCode(200);

            JsonNode update = viewer.await(f -> f.path("type").asText().equals("product"), Duration.ofSeconds(15));
            assertEquals(product, update.path("data").path("product").path("id").asLong());
            assertEquals(499, update.path("data").path("product").path("priceMinor").asLong());
            assertEquals("https://cdn.example/new.jpg", update.path("data").path("product").path("imageUrl").asText());
            assertEquals("ACTIVE", update.path("data").path("status").asText());
            given().get("/api/products/" + product).then().body("priceMinor", equalTo(499));

            String coHost = unique("cohost");
            as(stream.hostToken()).body(Map.of("userId", coHost)).post("/api/streams/" + stream.streamId() + "/cohosts")
                    .then().statusCode(200);
            JsonNode coHosts = viewer.await(f -> f.path("type").asText().equals("cohosts"), Duration.ofSeconds(15));
            assertEquals(coHost, coHosts.path("data").path("coHosts").path(0).asText());
        }
    }

    @Test
    void anUnknownStreamIs404() {
        given().get("/api/streams/987654321").then().statusCode(404);
    }
}
