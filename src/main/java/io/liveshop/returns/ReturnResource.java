package io.liveshop.returns;

import io.liveshop.identity.CurrentUser;
import io.liveshop.identity.Roles;
import io.liveshop.platform.Ids;
import io.liveshop.platform.Page;
import io.liveshop.platform.ProblemException;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/returns")
@Tag(name = "returns")
@Authenticated
public class ReturnResource {

    private final ReturnService returns;
    private final SecurityIdentity identity;

    ReturnResource(ReturnService returns, SecurityIdentity identity) {
        this.returns = returns;
        this.identity = identity;
    }

    /**
     * Returns, newest first, in keyset pages ({@code cursor}, {@code limit} 1–100): yours as a buyer, or with
     * {@code role=seller} your shop's (403 without the seller role or a shop).
     */
    @GET
    public Uni<Page<ReturnView>> list(@QueryParam("role") String role, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit) {
        boolean asSeller;
        if (role == null || role.equals("buyer")) {
            asSeller = false;
        } else if (role.equals("seller")) {
            asSeller = true;
        } else {
            throw ProblemException.invalidField("role", "must be buyer or seller");
        }
        return returns.list(user(), asSeller, cursor, limit);
    }

    @GET
    @Path("/{id}")
    public Uni<ReturnView> get(@PathParam("id") String id) {
        return returns.get(user(), Ids.parse("id", id)).map(ReturnView::of);
    }

    @POST
    @Path("/{id}/accept")
    @RolesAllowed(Roles.SELLER)
    public Uni<ReturnView> accept(@PathParam("id") String id, @Valid @NotNull AcceptRequest request) {
        return returns.accept(user(), Ids.parse("id", id), request.restock()).map(ReturnView::of);
    }

    @POST
    @Path("/{id}/reject")
    @RolesAllowed(Roles.SELLER)
    public Uni<ReturnView> reject(@PathParam("id") String id, @Valid @NotNull ReasonRequest request) {
        return returns.reject(user(), Ids.parse("id", id), request.reason()).map(ReturnView::of);
    }

    private CurrentUser user() {
        return CurrentUser.of(identity);
    }
}
