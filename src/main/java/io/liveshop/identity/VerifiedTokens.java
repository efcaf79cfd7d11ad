package io.liveshop.identity;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies bearer tokens with SmallRye JWT's own factory (signature, issuer, expiry, the {@code mp.jwt.verify.*}
 * settings) and remembers each verified token, keyed by its exact text, until it expires: a client presenting the
 * same token again skips the RSA check and the parsing, which dominated the cost of an authenticated request. At
 * most {@code liveshop.identity.verified-token-cache-size} tokens are kept. A token not seen before takes
 * {@link CompactRs256Verifier} when it is the common RS256 kind (the signature is still checked), else SmallRye's
 * full verification.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class VerifiedTokens extends JWTCallerPrincipalFactory {

    private record Verified(JWTAuthContextInfo settings, JWTCallerPrincipal principal, long expiresAtSeconds) {
    }

    private final JWTCallerPrincipalFactory verifier = new DefaultJWTCallerPrincipalFactory();
    private final CompactRs256Verifier compact = new CompactRs256Verifier();
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final int maxSize;

    VerifiedTokens(IdentityConfig config) {
        this.maxSize = config.verifiedTokenCacheSize();
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo settings) throws ParseException {
        long now = System.currentTimeMillis() / 1000;
        Verified hit = verified.get(token);
        // the same settings object: a parser verifying with another key or issuer never gets this answer
        if (hit != null && hit.settings() == settings && now < hit.expiresAtSeconds()) {
            return hit.principal();
        }
        JWTCallerPrincipal principal = compact.verify(token, settings);
        if (principal == null) {
            principal = verifier.parse(token, settings);
        }
        long expires = principal.getExpirationTime();
        if (maxSize > 0 && expires > now) {
            makeRoom(now);
            verified.put(token, new Verified(settings, principal, expires));
        }
        return principal;
    }

    int size() {
        return verified.size();
    }

    /** Drops expired tokens, then, if still full, a quarter of the rest (in hash order, so about at random). */
    private void makeRoom(long now) {
        if (verified.size() < maxSize) {
            return;
        }
        verified.values().removeIf(v -> v.expiresAtSeconds() <= now);
        Iterator<String> it = verified.keySet().iterator();
        for (int excess = verified.size() - maxSize * 3 / 4; excess > 0 && it.hasNext(); excess--) {
            it.next();
            it.remove();
        }
    }
}
