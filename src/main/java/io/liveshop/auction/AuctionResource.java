package io.liveshop.auction;

import io.liveshop.identity.CurrentUser;
import io.liveshop.identity.Roles;
import io.liveshop.platform.IdempotencyKey;
import io.liveshop.platform.Ids;
import io.liveshop.platform.ProblemException;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/auctions")
@Tag(name = "auctions")
@Authenticated
public class AuctionResource {

    private final AuctionService auctions;
    private final SecurityIdentity identity;
    private final String retryAfterSeconds;

    AuctionResource(AuctionService auctions, SecurityIdentity identity, AuctionsConfig config) {
        this.auctions = auctions;
        this.identity = identity;
        // the longest a refused bidder waits: the user's window may have started just now
        long millis = config.bidRate().window().toMillis();
        this.retryAfterSeconds = Long.toString(Math.max(1, (millis + 999) / 1000));
    }

    @POST
    @RolesAllowed({ Roles.HOST, Roles.SELLER })
    public Uni<Response> start(@Valid @NotNull AuctionRequest request) {
        return auctions.start(user(), request)
                .map(view -> Response.created(URI.create("/api/auctions/" + view.id())).entity(view).build());
    }

    /** The published bid increment table. */
    @GET
    @Path("/increments")
    public List<Increments.Band> increments() {
        return Increments.table();
    }

    @GET
    @Path("/{id}")
    public Uni<AuctionView> get(@PathParam("id") String id) {
        return auctions.get(Ids.parse("id", id));
    }

    @GET
    @Path("/{id}/bids")
    public Uni<List<BidView>> bids(@PathParam("id") String id) {
        return auctions.bids(Ids.parse("id", id));
    }

    /**
     * 201 for an accepted bid (LEADING/OUTBID; 200 when replayed, {@code Idempotent-Replayed: true}), 200 for
     * TOO_LOW and ENDED, 403 for NOT_ALLOWED, 429 with {@code Retry-After} (the rate window, in seconds) when rate
     * limited.
     */
    @POST
    @Path("/{id}/bids")
    public Uni<Response> bid(@PathParam("id") String id, @HeaderParam(IdempotencyKey.HEADER) String requestId,
            @Valid @NotNull BidRequest body) {
        long auctionId = Ids.parse("id", id);
        return auctions.bid(user(), auctionId, requestId, body).map(answer -> {
            Response.ResponseBuilder response = switch (answer.outcome()) {
                case LEADING, OUTBID -> answer.replayed() ? Response.ok() : Response.status(201);
                case RATE_LIMITED -> Response.status(429).header("Retry-After", retryAfterSeconds);
                case NOT_ALLOWED -> throw ProblemException.forbidden(
                        "The seller, the host and co-hosts cannot bid on their own auction");
                default -> Response.ok();
            };
            if (answer.replayed()) {
                response.header("Idempotent-Replayed", "true");
            }
            return response.entity(answer).build();
        });
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed({ Roles.HOST, Roles.SELLER })
    public Uni<AuctionView> cancel(@PathParam("id") String id) {
        return auctions.cancel(user(), Ids.parse("id", id));
    }

    @POST
    @Path("/{id}/offer-runner-up")
    @RolesAllowed({ Roles.HOST, Roles.SELLER })
    public Uni<Response> offerRunnerUp(@PathParam("id") String id) {
        return auctions.offerRunnerUp(user(), Ids.parse("id", id)).map(offer -> Response.status(201).entity(offer).build());
    }

    private CurrentUser user() {
        return CurrentUser.of(identity);
    }
}
