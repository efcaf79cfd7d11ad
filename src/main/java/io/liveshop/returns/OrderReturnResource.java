package io.liveshop.returns;

import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.Ids;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/orders/{id}/returns")
@Tag(name = "returns")
@Authenticated
public class OrderReturnResource {

    private final ReturnService returns;
    private final SecurityIdentity identity;

    OrderReturnResource(ReturnService returns, SecurityIdentity identity) {
        this.returns = returns;
        this.identity = identity;
    }

    /** The buyer asks to return a delivered order: 201, or 200 with {@code Idempotent-Replayed} for the same request. */
    @POST
    public Uni<Response> request(@PathParam("id") String id, @Valid @NotNull ReasonRequest request) {
        return returns.request(CurrentUser.of(identity), Ids.parse("id", id), request.reason()).map(created -> created.replayed()
                ? Response.ok(ReturnView.of(created.request())).header("Idempotent-Replayed", "true").build()
                : Response.created(URI.create("/api/returns/" + created.request().id))
                        .entity(ReturnView.of(created.request())).build());
    }
}
