package io.liveshop.voucher;

import io.liveshop.platform.Ids;
import io.liveshop.platform.cluster.NodeCalls;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Node-to-node calls to a voucher's owner (cluster mode only; 404 otherwise), authenticated by the cluster secret.
 * The calling node authenticated the user; the owner runs the same service method a local call would.
 */
@Path("/internal/cluster/vouchers/{id}")
@PermitAll
public class ClusterVoucherResource {

    private final NodeCalls calls;
    private final VoucherService vouchers;

    ClusterVoucherResource(NodeCalls calls, VoucherService vouchers) {
        this.calls = calls;
        this.vouchers = vouchers;
    }

    @POST
    @Path("/claim")
    @Operation(hidden = true)
    public Uni<ClaimAnswer> claim(@PathParam("id") String id, @HeaderParam(NodeCalls.SECRET_HEADER) String secret,
            @NotNull VoucherService.ForwardedClaim claim) {
        long voucherId = check(id, secret);
        return vouchers.claim(claim.buyer().user(), voucherId, claim.requestId());
    }

    @POST
    @Path("/view")
    @Operation(hidden = true)
    public Uni<VoucherView> view(@PathParam("id") String id, @HeaderParam(NodeCalls.SECRET_HEADER) String secret,
            Map<String, Object> ignored) {
        return vouchers.get(check(id, secret));
    }

    /** 204 when the voucher cannot be claimed now. */
    @POST
    @Path("/claimable")
    @Operation(hidden = true)
    public Uni<VoucherView> claimable(@PathParam("id") String id, @HeaderParam(NodeCalls.SECRET_HEADER) String secret,
            Map<String, Object> ignored) {
        return vouchers.claimableView(check(id, secret));
    }

    @POST
    @Path("/drop")
    @Operation(hidden = true)
    public Uni<VoucherView> drop(@PathParam("id") String id, @HeaderParam(NodeCalls.SECRET_HEADER) String secret,
            @NotNull VoucherService.ForwardedDrop drop) {
        long voucherId = check(id, secret);
        return vouchers.drop(drop.host().user(), drop.streamId(), voucherId);
    }

    /** The voucher's stream ended (204 when the owner has not loaded it). */
    @POST
    @Path("/not-live")
    @Operation(hidden = true)
    public Uni<VoucherView> notLive(@PathParam("id") String id, @HeaderParam(NodeCalls.SECRET_HEADER) String secret,
            Map<String, Object> ignored) {
        return vouchers.notLiveHere(check(id, secret));
    }

    @POST
    @Path("/invariant")
    @Operation(hidden = true)
    public Uni<VoucherInvariant> invariant(@PathParam("id") String id,
            @HeaderParam(NodeCalls.SECRET_HEADER) String secret, Map<String, Object> ignored) {
        return vouchers.invariant(check(id, secret));
    }

    private long check(String id, String secret) {
        calls.check(secret);
        return Ids.parse("id", id);
    }
}
