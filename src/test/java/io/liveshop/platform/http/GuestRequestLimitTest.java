package io.liveshop.platform.http;

import static io.liveshop.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liveshop.identity.DevTokenService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
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

    @Inject
    DevTokenService issuer;

    /** Minted in process: the development issuer's endpoint is itself anonymous, so limited. */
    private String token(String subject) {
        return issuer.mint(subject, subject, Set.of("viewer")).token();
    }

    @Test
    void aGuestPastTheBurstGets429WithRetryAfterWhileSignedInCallersAndHealthPass() {
        String member = token(unique("v"));
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
        given().queryParam("access_token", member).get("/api/streams?status=LIVE").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void aTokenThatDoesNotVerifyDoesNotExemptAGuest() {
        String real = token(unique("v"));
        String[] parts = real.split("\\.");
        // a well-formed token whose claims were changed after signing, and plain junk
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"someone-else\",\"groups\":[\"admin\"]}".getBytes()) + "." + parts[2];
        for (String forged : new String[] { "x", tampered }) {
            assertEquals(429, untilRefused(given().header("Authorization", "Bearer " + forged)),
                    "a forged Authorization header is counted as a guest's: " + forged);
            assertEquals(429, untilRefused(given().queryParam("access_token", forged)),
                    "a forged access_token is counted as a guest's: " + forged);
        }
        given().auth().oauth2(real).get("/api/streams?status=LIVE").then().statusCode(200);
    }

    /** Sends the request until it is refused (or 30 times); the last status. */
    private static int untilRefused(io.restassured.specification.RequestSpecification request) {
        int status = 0;
        for (int i = 0; i < 30 && status != 429; i++) {
            status = request.get("/api/streams?status=LIVE").statusCode();
            assertTrue(status == 200 || status == 429, "a public read answers or refuses: " + status);
        }
        return status;
    }
}
