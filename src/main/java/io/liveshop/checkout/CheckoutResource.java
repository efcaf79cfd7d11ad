package io.liveshop.checkout;

import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.IdempotencyKey;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/checkout")
@Tag(name = "checkout")
@Authenticated
public class CheckoutResource {

    private final CheckoutService checkouts;
    private final SecurityIdentity identity;

    CheckoutResource(CheckoutService checkouts, SecurityIdentity identity) {
        this.checkouts = checkouts;
        this.identity = identity;
    }

    /**
     * Checks out the caller's cart. {@code Idempotency-Key} is required. 201 with the orders; 200 with
     * {@code Idempotent-Replayed: true} for a retry; 402 {@code payment-declined}; 409 {@code line-unavailable}
     * naming each line that cannot be served; 400 {@code mixed-currency}.
     */
    @POST
    public Uni<Response> checkout(@Valid @NotNull CheckoutRequest request,
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey) {
        return checkouts.checkout(CurrentUser.of(identity), request, IdempotencyKey.validate(idempotencyKey))
                .map(result -> result.replayed()
                        ? Response.ok(result.view()).header("Idempotent-Replayed", "true").build()
                        : Response.status(201).entity(result.view()).build());
    }
}
