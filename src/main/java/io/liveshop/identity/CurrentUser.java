package io.liveshop.identity;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The caller as the services see it: a stable user id (the token subject), its roles and its display name (the
 * token's {@code name} claim, else the id).
 */
public record CurrentUser(String id, boolean admin, boolean seller, boolean host, String name) {

    public CurrentUser(String id, boolean admin, boolean seller, boolean host) {
        this(id, admin, seller, host, id);
    }

    public static CurrentUser of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        String id = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject()
                : identity.getPrincipal().getName();
        String name = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getClaim("name") : null;
        return new CurrentUser(id, identity.hasRole(Roles.ADMIN), identity.hasRole(Roles.SELLER),
                identity.hasRole(Roles.HOST), name == null || name.isBlank() ? id : name);
    }

    /** For a token verified outside the HTTP security layer (a WebSocket's query-string token). */
    public static CurrentUser of(JsonWebToken jwt) {
        String name = jwt.getClaim("name");
        return new CurrentUser(jwt.getSubject(), jwt.getGroups().contains(Roles.ADMIN),
                jwt.getGroups().contains(Roles.SELLER), jwt.getGroups().contains(Roles.HOST),
                name == null || name.isBlank() ? jwt.getSubject() : name);
    }
}
