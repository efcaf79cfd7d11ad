package io.liveshop.identity;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
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

    @Inject
    JWTAuthContextInfo settings;

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

    @Test
    void aNewTokenGivesTheSameCallerAsSmallRyesFullVerification() throws Exception {
        String token = tokens.mint("same-" + System.nanoTime(), "Same Caller", Set.of(Roles.VIEWER, Roles.HOST)).token();
        JsonWebToken compact = new CompactRs256Verifier().verify(token, settings);
        JsonWebToken full = new DefaultJWTCallerPrincipalFactory().parse(token, settings);
        assertNotNull(compact, "a dev-issuer token takes the compact path");
        assertEquals(full.getSubject(), compact.getSubject());
        assertEquals(full.getName(), compact.getName());
        assertEquals(full.getIssuer(), compact.getIssuer());
        assertEquals(full.getGroups(), compact.getGroups());
        assertEquals(full.getExpirationTime(), compact.getExpirationTime());
        assertEquals(full.getIssuedAtTime(), compact.getIssuedAtTime());
        assertEquals(full.getTokenID(), compact.getTokenID());
        assertEquals(full.getRawToken(), compact.getRawToken());
        assertEquals(full.<Object>getClaim("name").toString(), compact.<Object>getClaim("name").toString());
    }

    @Test
    void unsignedAndForeignlySignedTokensAreRefused() throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String claims = b64.encodeToString(("{\"sub\":\"admin\",\"iss\":\"https://liveshop.local\",\"groups\":[\"admin\"],"
                + "\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":9999999999}").getBytes());
        String none = b64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "." + claims + ".";
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String foreign = Jwt.issuer("https://liveshop.local").subject("admin").groups(Set.of(Roles.ADMIN))
                .expiresAt(Instant.now().plusSeconds(600)).sign(generator.generateKeyPair().getPrivate());
        for (String bad : new String[] { none, foreign }) {
            assertNull(new CompactRs256Verifier().verify(bad, settings));
            assertThrows(ParseException.class, () -> parser.parse(bad));
            assertEquals(401, given().auth().oauth2(bad).get("/api/orders").then().extract().statusCode());
        }
    }

    private static PrivateKey devKey() throws Exception {
        byte[] encoded = Base64.getDecoder().decode(System.getProperty(DevSigningKeyConfigSourceFactory.PRIVATE_KEY));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(encoded));
    }
}
