package io.liveshop.catalog;

import io.liveshop.identity.CurrentUser;
import io.liveshop.identity.Roles;
import io.liveshop.platform.Enums;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/sellers")
@Tag(name = "catalog")
public class SellerResource {

    private final CatalogService catalog;
    private final CatalogReads reads;
    private final HttpCache http;
    private final SecurityIdentity identity;

    SellerResource(CatalogService catalog, CatalogReads reads, HttpCache http, SecurityIdentity identity) {
        this.catalog = catalog;
        this.reads = reads;
        this.http = http;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(Roles.SELLER)
    public Uni<Response> create(@Valid @NotNull SellerRequest request) {
        return catalog.createSeller(CurrentUser.of(identity), request)
                .map(s -> Response.created(URI.create("/api/sellers/" + s.id)).entity(SellerView.of(s)).build());
    }

    @GET
    @Path("/me")
    @RolesAllowed(Roles.SELLER)
    public Uni<SellerView> mine() {
        return catalog.ownSeller(CurrentUser.of(identity)).map(SellerView::of);
    }

    @GET
    @Path("/me/products")
    @RolesAllowed(Roles.SELLER)
    @Produces(MediaType.APPLICATION_JSON)
    @Uncompressed // HttpCache sends its own gzip copy, made once
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Page.class)))
    public Uni<Response> myProducts(@QueryParam("status") String status, @QueryParam("cursor") String cursor,
            @QueryParam("limit") String limit, @Context HttpServerRequest request) {
        return reads.ownPage(CurrentUser.of(identity), Enums.parseOptional(ProductStatus.class, "status", status),
                cursor, limit).map(json -> http.personal(json, request));
    }

    @GET
    @Path("/{id}")
    @PermitAll
    public Uni<SellerView> get(@PathParam("id") String id) {
        return catalog.seller(Ids.parse("id", id)).map(SellerView::of);
    }
}
