package io.liveshop.livestream;

import static io.liveshop.testing.Api.as;
import static io.liveshop.testing.Api.sellerWithShop;
import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liveshop.testing.WsClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The public lists of live and upcoming streams, and a stream's player address. */
@QuarkusTest
class StreamDirectoryTest {

    @Test
    void upcomingStreamsComeByStartTimeInKeysetPages() {
        String host = sellerWithShop(unique("host"));
        Instant base = Instant.parse("2031-01-01T00:00:00Z").plusSeconds(System.nanoTime() % 1_000_000 * 60);
        List<Long> created = new ArrayList<>();
        for (int i : new int[] { 3, 1, 2 }) {
            created.add(create(host, "Soon " + i, base.plusSeconds(i * 60L), null));
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().queryParam("status", "SCHEDULED").queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/streams").then().statusCode(200).extract().jsonPath();
            List<Number> ids = page.getList("items.id");
            ids.forEach(n -> seen.add(n.longValue()));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        List<Long> mine = seen.stream().filter(created::contains).toList();
        assertEquals(List.of(created.get(1), created.get(2), created.get(0)), mine, "soonest first");
        assertEquals(seen.size(), seen.stream().distinct().count(), "no stream twice");
    }

    @Test
    void liveStreamsComeByViewersNow() {
        String host = sellerWithShop(unique("host"));
        long quiet = create(host, "Quiet", null, null);
        long busy = create(host, "Busy", null, "https://video.example/live/busy.m3u8");
        as(host).post("/api/streams/" + quiet + "/live").then().statusCode(200);
        as(host).post("/api/streams/" + busy + "/live").then().statusCode(200);
        List<WsClient> audience = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                WsClient viewer = WsClient.viewer(busy, token(unique("v"), "viewer"));
                viewer.await("snapshot");
                audience.add(viewer);
            }
            Awaitility.await().untilAsserted(() -> {
                List<Map<String, Object>> items = given().queryParam("status", "LIVE").queryParam("limit", 100)
                        .get("/api/streams").then().statusCode(200).extract().jsonPath().getList("items");
                List<Long> order = items.stream().map(m -> ((Number) m.get("id")).longValue())
                        .filter(id -> id == quiet || id == busy).toList();
                assertEquals(List.of(busy, quiet), order, "the busier stream first");
                Map<String, Object> first = items.stream().filter(m -> ((Number) m.get("id")).longValue() == busy)
                        .findFirst().orElseThrow();
                assertEquals(3, first.get("viewers"));
                assertEquals("https://video.example/live/busy.m3u8", first.get("playbackUrl"));
            });
        } finally {
            audience.forEach(WsClient::close);
        }
    }

    @Test
    void thePlaybackUrlIsValidatedAndReachesTheSnapshot() {
        String host = sellerWithShop(unique("host"));
        for (String bad : List.of("not a url", "javascript:alert(1)", "ftp://video.example/x", "/relative.m3u8",
                "https://user:pw@video.example/x")) {
            Map<String, Object> body = new HashMap<>(Map.of("title", "Bad", "playbackUrl", bad));
            as(host).body(body).post("/api/streams").then().statusCode(400);
        }
        long id = create(host, "Good", null, "https://video.example/hls/good.m3u8");
        as(host).post("/api/streams/" + id + "/live").then().statusCode(200);
        given().get("/api/streams/" + id).then().statusCode(200);
        assertEquals("https://video.example/hls/good.m3u8",
                given().get("/api/streams/" + id).then().extract().path("playbackUrl"));
        try (WsClient guest = WsClient.connect("/ws/streams/" + id)) {
            assertEquals("https://video.example/hls/good.m3u8",
                    guest.await("snapshot").path("data").path("stream").path("playbackUrl").asText());
        }
    }

    @Test
    void aBadStatusOrCursorIs400() {
        given().queryParam("status", "ENDED").get("/api/streams").then().statusCode(400);
        given().queryParam("status", "LIVE").queryParam("cursor", "bm9wZQ").get("/api/streams").then().statusCode(400);
        given().queryParam("limit", 0).get("/api/streams").then().statusCode(400);
        given().queryParam("status", "SCHEDULED").queryParam("cursor", liveCursor()).get("/api/streams").then()
                .statusCode(400); // a live list's cursor is not an upcoming list's
    }

    private static String liveCursor() {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("v:1:1".getBytes());
    }

    private static long create(String host, String title, Instant start, String playbackUrl) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        if (start != null) {
            body.put("scheduledStart", start.toString());
        }
        if (playbackUrl != null) {
            body.put("playbackUrl", playbackUrl);
        }
        return ((Number) as(host).body(body).post("/api/streams").then().statusCode(201).extract().path("id"))
                .longValue();
    }
}
