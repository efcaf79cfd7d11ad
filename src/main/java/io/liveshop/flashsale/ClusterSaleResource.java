package io.liveshop.flashsale;

import io.liveshop.identity.CurrentUser;
import io.liveshop.moderation.ModerationAct;
import io.liveshop.order.OrderStatus;
import io.liveshop.platform.Ids;
import io.liveshop.platform.cluster.NodeCalls;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Node-to-node calls to a sale's owner (cluster mode only; 404 otherwise), authenticated by the cluster secret.
 * The calling node has already authenticated the user and checked what it could.
 */
@Path("/internal/cluster/sales/{id}")
@PermitAll
public class ClusterSaleResource {

    public record BuyRequest(@NotNull String buyerId, @NotNull String requestId) {
    }

    public record OrderChange(@NotNull String buyerId, @NotNull OrderStatus status) {
    }

    public record Empty() {
    }

    /** An end forwarded for an admin's moderation carries who and why; empty for the stream's host. */
    public record EndRequest(String actorId, String reason) {
    }

    private final NodeCalls calls;
    private final FlashSaleService sales;
    private final SaleOrderListener orders;

    ClusterSaleResource(NodeCalls calls, FlashSaleService sales, SaleOrderListener orders) {
        this.calls = calls;
        this.sales = sales;
        this.orders = orders;
    }

    @POST
    @Path("/buy")
    @Operation(hidden = true)
    public Uni<BuyAnswer> buy(@PathParam("id") String id, @HeaderParam(SaleForwarding.SECRET_HEADER) String secret,
            BuyRequest request) {
        long saleId = check(id, secret);
        return sales.buyAsOwner(new CurrentUser(request.buyerId(), false, false, false), saleId, request.requestId());
    }

    @POST
    @Path("/view")
    @Operation(hidden = true)
    public Uni<SaleView> view(@PathParam("id") String id, @HeaderParam(SaleForwarding.SECRET_HEADER) String secret,
            Empty ignored) {
        return sales.get(check(id, secret));
    }

    @POST
    @Path("/end")
    @Operation(hidden = true)
    public Uni<SaleView> end(@PathParam("id") String id, @HeaderParam(SaleForwarding.SECRET_HEADER) String secret,
            EndRequest request) {
        long saleId = check(id, secret);
        ModerationAct act = request == null || request.actorId() == null ? null
                : new ModerationAct(request.actorId(), ModerationAct.Action.SALE_END, saleId, request.reason());
        return sales.endAsOwner(saleId, act);
    }

    @POST
    @Path("/invariant")
    @Operation(hidden = true)
    public Uni<SaleInvariant> invariant(@PathParam("id") String id,
            @HeaderParam(SaleForwarding.SECRET_HEADER) String secret, Empty ignored) {
        return sales.invariant(check(id, secret));
    }

    @POST
    @Path("/order-changed")
    @Operation(hidden = true)
    public Empty orderChanged(@PathParam("id") String id, @HeaderParam(SaleForwarding.SECRET_HEADER) String secret,
            OrderChange change) {
        orders.apply(check(id, secret), change.buyerId(), change.status());
        return new Empty();
    }

    private long check(String id, String secret) {
        calls.check(secret);
        return Ids.parse("id", id);
    }
}
