package io.liveshop.flashsale;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.liveshop.identity.CurrentUser;
import io.liveshop.identity.Roles;
import io.liveshop.moderation.ModerationBodies;
import io.liveshop.moderation.ModerationRequest;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/sales")
@Tag(name = "flash sales")
@Authenticated
public class FlashSaleResource {

    private final FlashSaleService sales;
    private final SecurityIdentity identity;
    private final ModerationBodies bodies;

    FlashSaleResource(FlashSaleService sales, SecurityIdentity identity, ModerationBodies bodies) {
        this.bodies = bodies;
        this.sales = sales;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({ Roles.HOST, Roles.SELLER })
    public Uni<Response> start(@Valid @NotNull SaleRequest request) {
        return sales.start(user(), request)
                .map(view -> Response.created(URI.create("/api/sales/" + view.id())).entity(view).build());
    }

    @GET
    @Path("/{id}")
    public Uni<SaleView> get(@PathParam("id") String id) {
        return sales.get(Ids.parse("id", id));
    }

    /** The stream's host or a co-host; or an admin as moderation, with an optional {@code {"reason"}} for the audit. */
    @POST
    @Path("/{id}/end")
    @RolesAllowed({ Roles.HOST, Roles.SELLER, Roles.ADMIN })
    public Uni<SaleView> end(@PathParam("id") String id,
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ModerationRequest.class))) byte[] body)
            throws JsonProcessingException {
        return sales.end(user(), Ids.parse("id", id), bodies.parse(body));
    }

    /** 201 for a new WON, 200 for other answers and replays ({@code Idempotent-Replayed: true}), 429 when rate limited. */
    @POST
    @Path("/{id}/buy")
    public Uni<Response> buy(@PathParam("id") String id, @HeaderParam(IdempotencyKey.HEADER) String requestId) {
        long saleId = Ids.parse("id", id);
        return sales.buy(user(), saleId, requestId).map(answer -> {
            Response.ResponseBuilder response = switch (answer.outcome()) {
                case WON -> answer.replayed() ? Response.ok() : Response.status(201);
                case RATE_LIMITED -> Response.status(429).header("Retry-After", "1");
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
    public Uni<SaleInvariant> invariant(@PathParam("id") String id) {
        return sales.invariant(Ids.parse("id", id));
    }

    private CurrentUser user() {
        return CurrentUser.of(identity);
    }
}
