package io.liveshop.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.liveshop.identity.Callers;
import io.liveshop.identity.CurrentUser;
import io.liveshop.identity.Roles;
import io.liveshop.moderation.ModerationBodies;
import io.liveshop.moderation.ModerationRequest;
import io.liveshop.platform.Ids;
import io.liveshop.platform.Page;
import io.liveshop.platform.http.HttpCache;
import io.vertx.core.http.HttpServerRequest;
import io.quarkus.vertx.http.Uncompressed;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/products")
@Tag(name = "catalog")
public class ProductResource {

    private final CatalogService catalog;
    private final CatalogReads reads;
    private final HttpCache http;
    private final SecurityIdentity identity;
    private final ModerationBodies bodies;
    private final Callers callers;

    ProductResource(CatalogService catalog, CatalogReads reads, HttpCache http, SecurityIdentity identity,
            Callers callers, ModerationBodies bodies) {
        this.bodies = bodies;
        this.catalog = catalog;
        this.reads = reads;
        this.http = http;
        this.identity = identity;
        this.callers = callers;
    }

    @POST
    @RolesAllowed(Roles.SELLER)
    public Uni<Response> create(@Valid @NotNull ProductRequest request) {
        return catalog.createProduct(CurrentUser.of(identity), request)
                .map(p -> Response.created(URI.create("/api/products/" + p.id)).entity(ProductView.of(p)).build());
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.SELLER)
    public Uni<ProductView> update(@PathParam("id") String id, @Valid @NotNull ProductRequest request) {
        return catalog.updateProduct(CurrentUser.of(identity), Ids.parse("id", id), request).map(ProductView::of);
    }

    /** The owning seller; or an admin as moderation, with an optional {@code {"reason"}} for the audit. */
    @POST
    @Path("/{id}/archive")
    @RolesAllowed({ Roles.SELLER, Roles.ADMIN })
    public Uni<ProductView> archive(@PathParam("id") String id,
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ModerationRequest.class))) byte[] body)
            throws JsonProcessingException {
        return catalog.archiveProduct(CurrentUser.of(identity), Ids.parse("id", id), bodies.parse(body)).map(ProductView::of);
    }

    /**
     * An active product is the same for everyone and served from memory without looking at the caller. A draft or
     * archived one is read from the database for its seller only, never stored by any cache.
     */
    @GET
    @Path("/{id}")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Uncompressed // HttpCache sends its own gzip copy, made once
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ProductView.class)))
    public Uni<Response> get(@PathParam("id") String id, @Context HttpServerRequest request) {
        long productId = Ids.parse("id", id);
        return reads.product(productId).flatMap(entry -> entry.shared() != null
                ? Uni.createFrom().item(http.shared(entry.shared(), request))
                : callers.optional().flatMap(viewer -> catalog.product(viewer.orElse(null), productId))
                        .map(product -> http.personal(http.json(ProductView.of(product)), request)));
    }

    /** Active products, newest first; filters combine. */
    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Uncompressed // HttpCache sends its own gzip copy, made once
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Page.class)))
    public Uni<Response> list(@QueryParam("seller") String seller, @QueryParam("hashtag") String hashtag,
            @QueryParam("q") String text, @QueryParam("cursor") String cursor, @QueryParam("limit") String limit,
            @Context HttpServerRequest request) {
        return reads.activePage(Ids.parseOptional("seller", seller), hashtag, text, cursor, limit)
                .map(json -> http.shared(json, request));
    }
}
