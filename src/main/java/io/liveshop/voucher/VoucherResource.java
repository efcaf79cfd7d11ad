package io.liveshop.voucher;

import io.liveshop.identity.CurrentUser;
import io.liveshop.identity.Roles;
import io.liveshop.platform.IdempotencyKey;
import io.liveshop.platform.Ids;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/vouchers")
@Tag(name = "vouchers")
@Authenticated
public class VoucherResource {

    private final VoucherService vouchers;
    private final SecurityIdentity identity;
    private final String retryAfter;

    VoucherResource(VoucherService vouchers, SecurityIdentity identity, VouchersConfig config) {
        this.vouchers = vouchers;
        this.identity = identity;
        // the rate window restarts at most one window after the first refused attempt
        this.retryAfter = Long.toString(Math.max(1, (config.claimRate().window().toMillis() + 999) / 1000));
    }

    /** 201; the same code with the same terms again answers 200 {@code Idempotent-Replayed: true}; other terms 409. */
    @POST
    @RolesAllowed(Roles.SELLER)
    public Uni<Response> create(@Valid @NotNull VoucherRequest request) {
        return vouchers.create(user(), request).flatMap(created -> vouchers.get(created.voucher().id)
                .map(view -> created.replayed()
                        ? Response.ok(view).header("Idempotent-Replayed", "true").build()
                        : Response.created(URI.create("/api/vouchers/" + view.id())).entity(view).build()));
    }

    @GET
    @Path("/{id}")
    public Uni<VoucherView> get(@PathParam("id") String id) {
        return vouchers.get(Ids.parse("id", id));
    }

    /** 201 for a new CLAIMED, 200 for other answers and replays ({@code Idempotent-Replayed: true}), 429 when rate limited. */
    @POST
    @Path("/{id}/claim")
    public Uni<Response> claim(@PathParam("id") String id, @HeaderParam(IdempotencyKey.HEADER) String requestId) {
        long voucherId = Ids.parse("id", id);
        return vouchers.claim(user(), voucherId, requestId).map(answer -> {
            Response.ResponseBuilder response = switch (answer.outcome()) {
                case CLAIMED -> answer.replayed() ? Response.ok() : Response.status(201);
                case RATE_LIMITED -> Response.status(429).header("Retry-After", retryAfter);
                default -> Response.ok();
            };
            if (answer.replayed()) {
                response.header("Idempotent-Replayed", "true");
            }
            return response.entity(answer).build();
        });
    }

    @GET
    @Path("/{id}/invariant")
    @RolesAllowed({ Roles.HOST, Roles.SELLER, Roles.ADMIN })
    public Uni<VoucherInvariant> invariant(@PathParam("id") String id) {
        return vouchers.invariant(Ids.parse("id", id));
    }

    private CurrentUser user() {
        return CurrentUser.of(identity);
    }
}
