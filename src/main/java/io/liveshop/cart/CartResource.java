package io.liveshop.cart;

import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.IdempotencyKey;
import io.liveshop.platform.Ids;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's own cart; every write answers the whole cart as it is after the write. */
@Path("/api/cart")
@Tag(name = "checkout")
@Authenticated
public class CartResource {

    private final CartService cart;
    private final SecurityIdentity identity;

    CartResource(CartService cart, SecurityIdentity identity) {
        this.cart = cart;
        this.identity = identity;
    }

    @GET
    public Uni<CartView> get() {
        return cart.view(user());
    }

    /**
     * Adds to a line (200 with the cart). With an {@code Idempotency-Key} a retry adds nothing more and answers the
     * cart as it is now with {@code Idempotent-Replayed: true}.
     */
    @POST
    @Path("/lines")
    public Uni<Response> add(@Valid @NotNull CartLineRequest request,
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey) {
        return cart.add(user(), request, IdempotencyKey.validate(idempotencyKey)).map(written -> {
            Response.ResponseBuilder ok = Response.ok(written.cart());
            return written.replayed() ? ok.header("Idempotent-Replayed", "true").build() : ok.build();
        });
    }

    @PUT
    @Path("/lines/{productId}")
    public Uni<CartView> setQuantity(@PathParam("productId") String productId,
            @Valid @NotNull CartQuantityRequest request) {
        return cart.setQuantity(user(), Ids.parse("productId", productId), request.quantity());
    }

    @DELETE
    @Path("/lines/{productId}")
    public Uni<CartView> remove(@PathParam("productId") String productId) {
        return cart.remove(user(), Ids.parse("productId", productId));
    }

    private CurrentUser user() {
        return CurrentUser.of(identity);
    }
}
