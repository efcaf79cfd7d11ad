package io.liveshop.identity;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.PrincipalUtils;
import io.smallrye.jwt.KeyFormat;
import io.smallrye.jwt.KeyProvider;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;

/**
 * The common token, checked without building a jose4j consumer per token: a compact RS256 JWS whose header is only
 * {@code alg} (RS256), {@code typ} and {@code kid}, verified against the one configured RSA key (2048 bits or more),
 * with {@code exp} and {@code iat} present and valid now (no grace), the configured issuer, a subject and a list of
 * groups; the principal is SmallRye's own, built from jose4j claims (parsed with Jackson) with SmallRye's claim
 * post-processing. Anything
 * else (other settings such as audiences, encryption, key sets or token age; another header; a token that fails
 * any check) answers {@code null} and goes to SmallRye's full verification, which decides and reports it, so this
 * path never accepts what the full path would refuse.
 */
final class CompactRs256Verifier {

    private static final Set<String> PLAIN_HEADER = Set.of("alg", "typ", "kid");
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    /**
     * Parses JSON as jose4j does (whole numbers as Long, duplicate member names refused) without its per-parse
     * scanner allocation, which was the largest part of a token's parse cost in the rush profile.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** What the settings allow: the key, or none when these settings need the full path. */
    private record Plan(JWTAuthContextInfo settings, RSAPublicKey key) {
    }

    private volatile Plan plan;
    private final ThreadLocal<Signature> signatures = ThreadLocal.withInitial(CompactRs256Verifier::newSignature);

    /** The verified principal, or {@code null} when the full path must decide. */
    JWTCallerPrincipal verify(String token, JWTAuthContextInfo settings) {
        RSAPublicKey key = planFor(settings).key();
        if (key == null) {
            return null;
        }
        try {
            return verify(token, settings, key);
        } catch (RuntimeException | GeneralSecurityException | IOException | MalformedClaimException e) {
            return null;
        }
    }

    private JWTCallerPrincipal verify(String token, JWTAuthContextInfo settings, RSAPublicKey key)
            throws GeneralSecurityException, IOException, MalformedClaimException {
        int first = token.indexOf('.');
        int second = token.indexOf('.', first + 1);
        if (first <= 0 || second <= first + 1 || second == token.length() - 1 || token.indexOf('.', second + 1) >= 0
                || token.indexOf('=') >= 0) {
            return null;
        }
        Map<String, Object> header = JSON.readValue(BASE64URL.decode(token.substring(0, first)), MAP);
        if (!"RS256".equals(header.get("alg")) || !PLAIN_HEADER.containsAll(header.keySet())
                || (header.get("typ") != null && !(header.get("typ") instanceof String))) {
            return null;
        }
        Signature signature = signatures.get();
        signature.initVerify(key);
        signature.update(token.substring(0, second).getBytes(StandardCharsets.US_ASCII));
        if (!signature.verify(BASE64URL.decode(token.substring(second + 1)))) {
            return null;
        }
        JwtClaims claims = new JwtClaims();
        JSON.<Map<String, Object>>readValue(BASE64URL.decode(token.substring(first + 1, second)), MAP)
                .forEach(claims::setClaim);
        long now = System.currentTimeMillis() / 1000;
        NumericDate exp = claims.getExpirationTime();
        NumericDate iat = claims.getIssuedAt();
        if (exp == null || iat == null || now >= exp.getValue() || iat.getValue() > exp.getValue()
                || iat.getValue() > now || claims.hasClaim("nbf")) {
            return null;
        }
        if (settings.getIssuedBy() != null && !settings.getIssuedBy().equals(claims.getIssuer())) {
            return null;
        }
        if (claims.getSubject() == null || !(claims.getClaimValue("groups") instanceof List<?> groups)
                || !groups.stream().allMatch(String.class::isInstance) || claims.hasClaim("roleMappings")) {
            return null;
        }
        PrincipalUtils.setClaims(claims, token, settings);
        return new DefaultJWTCallerPrincipal((String) header.get("typ"), claims);
    }

    private Plan planFor(JWTAuthContextInfo settings) {
        Plan current = plan;
        if (current == null || current.settings() != settings) {
            current = new Plan(settings, keyFor(settings));
            plan = current;
        }
        return current;
    }

    /** The RSA key when the settings are ones this path covers exactly; otherwise {@code null}. */
    private static RSAPublicKey keyFor(JWTAuthContextInfo s) {
        boolean plain = Set.of(SignatureAlgorithm.RS256).equals(s.getSignatureAlgorithm())
                && s.getDecryptionKeyLocation() == null && s.getDecryptionKeyContent() == null
                && s.getPrivateDecryptionKey() == null && s.getSecretDecryptionKey() == null
                && s.getSecretVerificationKey() == null && s.getSecretKeyContent() == null
                && s.getPublicKeyLocation() == null && s.getTokenKeyId() == null
                && s.getExpectedAudience() == null && s.getMaxTimeToLiveSecs() == null && s.getTokenAge() == null
                && (s.getRequiredClaims() == null || s.getRequiredClaims().isEmpty())
                && s.getSubjectPath() == null && !s.isVerifyCertificateThumbprint()
                && (s.getKeyProvider() == null || s.getKeyProvider() == KeyProvider.DEFAULT)
                && (s.getKeyFormat() == null || s.getKeyFormat() == KeyFormat.ANY || s.getKeyFormat() == KeyFormat.PEM_KEY);
        if (!plain) {
            return null;
        }
        try {
            PublicKey key = s.getPublicVerificationKey() != null ? s.getPublicVerificationKey()
                    : s.getPublicKeyContent() != null ? KeyUtils.decodePublicKey(s.getPublicKeyContent(), SignatureAlgorithm.RS256)
                    : null;
            return key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048 ? rsa : null;
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    private static Signature newSignature() {
        try {
            return Signature.getInstance("SHA256withRSA");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
