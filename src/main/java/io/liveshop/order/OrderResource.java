package io.liveshop.order;

import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.Ids;
import io.liveshop.platform.IdempotencyKey;
import io.liveshop.platform.Page;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The buyer's orders, plus the status transitions each party may request. */
@Path("/api/orders")
@Tag(name = "orders")
@Authenticated
public class OrderResource {

    private final OrderService orders;
    private final SecurityIdentity identity;

    OrderResource(OrderService orders, SecurityIdentity identity) {
        this.orders = orders;
        this.identity = identity;
    }

    /** Buy now. 201 for a new order; 200 with {@code Idempotent-Replayed: true} for a retried request. */
    @POST
    public Uni<Response> buyNow(@Valid @NotNull BuyNowRequest request,
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey) {
        return orders.buyNow(user(), request, IdempotencyKey.validate(idempotencyKey)).map(created -> {
            OrderView view = OrderView.of(created.order());
            return created.replayed()
                    ? Response.ok(view).header("Idempotent-Replayed", "true").build()
                    : Response.created(URI.create("/api/orders/" + view.id())).entity(view).build();
        });
    }

    @GET
    public Uni<Page<OrderView>> mine(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return orders.listForBuyer(user(), cursor, limit);
    }

    @GET
    @Path("/{id}")
    public Uni<OrderView> get(@PathParam("id") String id) {
        return orders.get(user(), Ids.parse("id", id)).map(OrderView::of);
    }

    @POST
    @Path("/{id}/payment")
    public Uni<OrderView> pay(@PathParam("id") String id, @Valid @NotNull PaymentRequest request) {
        return orders.pay(user(), Ids.parse("id", id), request.cardToken()).map(OrderView::of);
    }

    @POST
    @Path("/{id}/cancel")
    public Uni<OrderView> cancel(@PathParam("id") String id) {
        return orders.cancel(user(), Ids.parse("id", id)).map(OrderView::of);
    }

    @POST
    @Path("/{id}/ship")
    public Uni<OrderView> ship(@PathParam("id") String id) {
        return orders.ship(user(), Ids.parse("id", id)).map(OrderView::of);
    }

    @POST
    @Path("/{id}/deliver")
    public Uni<OrderView> deliver(@PathParam("id") String id) {
        return orders.deliver(user(), Ids.parse("id", id)).map(OrderView::of);
    }

    @POST
    @Path("/{id}/refund")
    public Uni<OrderView> refund(@PathParam("id") String id) {
        return orders.refund(user(), Ids.parse("id", id)).map(OrderView::of);
    }

    private CurrentUser user() {
        return CurrentUser.of(identity);
    }
}
