package io.liveshop.order;

import io.liveshop.identity.CurrentUser;
import io.liveshop.identity.Roles;
import io.liveshop.platform.Page;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/sellers/me/orders")
@Tag(name = "orders")
@RolesAllowed(Roles.SELLER)
public class SellerOrderResource {

    private final OrderService orders;
    private final SecurityIdentity identity;

    SellerOrderResource(OrderService orders, SecurityIdentity identity) {
        this.orders = orders;
        this.identity = identity;
    }

    @GET
    public Uni<Page<OrderView>> list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return orders.listForSeller(CurrentUser.of(identity), cursor, limit);
    }
}
