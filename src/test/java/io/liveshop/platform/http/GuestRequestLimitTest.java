package io.liveshop.platform.http;

import static io.liveshop.testing.Api.token;
import static io.liveshop.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests without credentials are limited per client address; signed-in ones and /q/ are not. */
@QuarkusTest
@TestProfile(GuestRequestLimitTest.Tight.class)
class GuestRequestLimitTest {

    public static class Tight implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("liveshop.guests.requests-per-second", "1", "liveshop.guests.request-burst", "5");
        }
    }

    @Test
    void aGuestPastTheBurstGets429WithRetryAfterWhileSignedInCallersAndHealthPass() {
        String member = token(unique("v"), "viewer"); // an anonymous request itself: one of the burst
        Response refused = null;
        for (int i = 0; i < 30 && refused == null; i++) {
            Response r = given().get("/api/streams?status=LIVE");
            if (r.statusCode() == 429) {
                refused = r;
            } else {
                assertEquals(200, r.statusCode());
            }
        }
        assertTrue(refused != null, "a guest is limited");
        assertEquals("1", refused.header("Retry-After"));
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
        assertEquals("rate-limited", refused.jsonPath().getString("code"));
        given().auth().oauth2(member).get("/api/streams?status=LIVE").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
    }
}
