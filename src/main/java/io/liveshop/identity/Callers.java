package io.liveshop.identity;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Resolves the caller without blocking, for endpoints open to anonymous users (authentication is lazy, so the
 * identity must be awaited as a {@link Uni} on the event loop).
 */
@ApplicationScoped
public class Callers {

    private final CurrentIdentityAssociation identities;

    Callers(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    public Uni<Optional<CurrentUser>> optional() {
        return identities.getDeferredIdentity()
                .map(identity -> identity.isAnonymous() ? Optional.empty() : Optional.of(CurrentUser.of(identity)));
    }
}
