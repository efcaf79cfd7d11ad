package io.liveshop.auction;

import io.liveshop.platform.Ids;
import io.liveshop.platform.cluster.ForwardedUser;
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
 * Node-to-node calls to an auction's owner (cluster mode only; 404 otherwise), authenticated by the cluster
 * secret. The calling node authenticated the user; the owner runs the same service method a local call would.
 */
@Path("/internal/cluster/auctions/{id}")
@PermitAll
public class ClusterAuctionResource {

    private final NodeCalls calls;
    private final AuctionService auctions;

    ClusterAuctionResource(NodeCalls calls, AuctionService auctions) {
        this.calls = calls;
        this.auctions = auctions;
    }

    @POST
    @Path("/bid")
    @Operation(hidden = true)
    public Uni<BidAnswer> bid(@PathParam("id") String id, @HeaderParam(NodeCalls.SECRET_HEADER) String secret,
            @NotNull AuctionService.ForwardedBid bid) {
        long auctionId = check(id, secret);
        return auctions.bid(bid.bidder().user(), auctionId, bid.requestId(), bid.body());
    }

    @POST
    @Path("/view")
    @Operation(hidden = true)
    public Uni<AuctionView> view(@PathParam("id") String id, @HeaderParam(NodeCalls.SECRET_HEADER) String secret,
            Map<String, Object> ignored) {
        return auctions.get(check(id, secret));
    }

    @POST
    @Path("/cancel")
    @Operation(hidden = true)
    public Uni<AuctionView> cancel(@PathParam("id") String id, @HeaderParam(NodeCalls.SECRET_HEADER) String secret,
            @NotNull ForwardedUser caller) {
        return auctions.cancel(caller.user(), check(id, secret));
    }

    @POST
    @Path("/offer-runner-up")
    @Operation(hidden = true)
    public Uni<RunnerUpOffer> offerRunnerUp(@PathParam("id") String id,
            @HeaderParam(NodeCalls.SECRET_HEADER) String secret, @NotNull ForwardedUser caller) {
        return auctions.offerRunnerUp(caller.user(), check(id, secret));
    }

    private long check(String id, String secret) {
        calls.check(secret);
        return Ids.parse("id", id);
    }
}
