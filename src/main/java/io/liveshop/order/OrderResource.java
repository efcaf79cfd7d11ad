package io.liveshop.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.liveshop.identity.CurrentUser;
import io.liveshop.moderation.ModerationBodies;
import io.liveshop.moderation.ModerationRequest;
import io.liveshop.platform.Ids;
import io.liveshop.platform.IdempotencyKey;
import io.liveshop.platform.Page;
import io.liveshop.platform.http.HttpCache;
import io.liveshop.platform.json.OptionalBody;
import io.vertx.core.http.HttpServerRequest;
import io.quarkus.vertx.http.Uncompressed;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    private final OrderReads reads;
    private final HttpCache http;
    private final SecurityIdentity identity;
    private final ModerationBodies bodies;
    private final OptionalBody optional;

    OrderResource(OrderService orders, OrderReads reads, HttpCache http, SecurityIdentity identity, ModerationBodies bodies,
            OptionalBody optional) {
        this.bodies = bodies;
        this.optional = optional;
        this.orders = orders;
        this.reads = reads;
        this.http = http;
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

    /** Served from memory, per buyer; never stored by a shared cache. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Uncompressed // HttpCache sends its own gzip copy, made once
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Page.class)))
    public Uni<Response> mine(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit,
            @Context HttpServerRequest request) {
        return reads.buyerPage(user(), cursor, limit).map(json -> http.personal(json, request));
    }

    @GET
    @Path("/{id}")
    public Uni<OrderView> get(@PathParam("id") String id) {
        return orders.get(user(), Ids.parse("id", id)).map(OrderView::of);
    }

    @POST
    @Path("/{id}/payment")
    public Uni<OrderView> pay(@PathParam("id") String id, @Valid @NotNull PaymentRequest request) {
        return orders.pay(user(), Ids.parse("id", id), request.cardToken(), request.addressId()).map(OrderView::of);
    }

    @POST
    @Path("/{id}/cancel")
    public Uni<OrderView> cancel(@PathParam("id") String id) {
        return orders.cancel(user(), Ids.parse("id", id)).map(OrderView::of);
    }

    /** The seller ships; the body ({@code carrier}, {@code trackingNumber}) is optional. 409 {@code no-address} without an address. */
    @POST
    @Path("/{id}/ship")
    public Uni<OrderView> ship(@PathParam("id") String id,
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ShipRequest.class))) byte[] body) throws JsonProcessingException {
        ShipRequest request = optional.parse(body, ShipRequest.class, "{\"carrier\", \"trackingNumber\"}");
        ShipRequest shipment = request == null ? new ShipRequest(null, null) : request;
        return orders.ship(user(), Ids.parse("id", id), shipment.carrier(), shipment.trackingNumber()).map(OrderView::of);
    }

    @POST
    @Path("/{id}/deliver")
    public Uni<OrderView> deliver(@PathParam("id") String id) {
        return orders.deliver(user(), Ids.parse("id", id)).map(OrderView::of);
    }

    /** The owning seller; or an admin as moderation, with an optional {@code {"reason"}} for the audit. */
    @POST
    @Path("/{id}/refund")
    public Uni<OrderView> refund(@PathParam("id") String id,
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ModerationRequest.class))) byte[] body)
            throws JsonProcessingException {
        return orders.refund(user(), Ids.parse("id", id), bodies.parse(body))
                .map(OrderView::of);
    }

    private CurrentUser user() {
        return CurrentUser.of(identity);
    }
}
