package io.liveshop.identity;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** Verified tokens are remembered, and only verified ones: a bad signature, issuer or expiry is refused every time. */
@QuarkusTest
class VerifiedTokensTest {

    @Inject
    JWTParser parser;

    @Inject
    DevTokenService tokens;

    @Test
    void aVerifiedTokenIsRememberedUntilItExpires() throws Exception {
        String token = tokens.mint("cached-" + System.nanoTime(), null, Set.of(Roles.VIEWER)).token();
        JsonWebToken first = parser.parse(token);
        assertSame(first, parser.parse(token), "the second look-up is served from the cache");
        given().auth().oauth2(token).get("/api/orders").then().statusCode(200);
        given().auth().oauth2(token).get("/api/orders").then().statusCode(200);
    }

    @Test
    void badTokensAreRefusedEveryTime() throws Exception {
        String good = tokens.mint("good-" + System.nanoTime(), null, Set.of(Roles.VIEWER)).token();
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"admin\",\"iss\":\"https://liveshop.local\",\"exp\":9999999999}".getBytes()) + "." + parts[2];
        String wrongIssuer = Jwt.issuer("https://elsewhere.example").subject("x").expiresAt(Instant.now().plusSeconds(600))
                .sign(devKey());
        String expired = Jwt.subject("late").issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)).sign(devKey());
        for (String bad : new String[] { tampered, wrongIssuer, expired }) {
            for (int i = 0; i < 2; i++) {
                assertThrows(ParseException.class, () -> parser.parse(bad));
                assertEquals(401, given().auth().oauth2(bad).get("/api/orders").then().extract().statusCode());
            }
        }
    }

    private static PrivateKey devKey() throws Exception {
        byte[] encoded = Base64.getDecoder().decode(System.getProperty(DevSigningKeyConfigSourceFactory.PRIVATE_KEY));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded));
    }
}
