package io.liveshop.identity;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller as the services see it: a stable user id (the token subject) and its roles. */
public record CurrentUser(String id, boolean admin, boolean seller, boolean host) {

    public static CurrentUser of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        String id = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject()
                : identity.getPrincipal().getName();
        return new CurrentUser(id, identity.hasRole(Roles.ADMIN), identity.hasRole(Roles.SELLER),
                identity.hasRole(Roles.HOST));
    }

    /** For a token verified outside the HTTP security layer (a WebSocket's query-string token). */
    public static CurrentUser of(JsonWebToken jwt) {
        return new CurrentUser(jwt.getSubject(), jwt.getGroups().contains(Roles.ADMIN),
                jwt.getGroups().contains(Roles.SELLER), jwt.getGroups().contains(Roles.HOST));
    }
}
