package io.liveshop.catalog;

import io.liveshop.identity.Callers;
import io.liveshop.identity.CurrentUser;
import io.liveshop.identity.Roles;
import io.liveshop.platform.Ids;
import io.liveshop.platform.Page;
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
    private final SecurityIdentity identity;
    private final Callers callers;

    ProductResource(CatalogService catalog, SecurityIdentity identity, Callers callers) {
        this.catalog = catalog;
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
    @RolesAllowed({ Roles.SELLER, Roles.ADMIN })
    public Uni<ProductView> update(@PathParam("id") String id, @Valid @NotNull ProductRequest request) {
        return catalog.updateProduct(CurrentUser.of(identity), Ids.parse("id", id), request).map(ProductView::of);
    }

    @POST
    @Path("/{id}/archive")
    @RolesAllowed({ Roles.SELLER, Roles.ADMIN })
    public Uni<ProductView> archive(@PathParam("id") String id) {
        return catalog.archiveProduct(CurrentUser.of(identity), Ids.parse("id", id)).map(ProductView::of);
    }

    @GET
    @Path("/{id}")
    @PermitAll
    public Uni<ProductView> get(@PathParam("id") String id) {
        long productId = Ids.parse("id", id);
        return callers.optional().flatMap(viewer -> catalog.product(viewer.orElse(null), productId))
                .map(ProductView::of);
    }

    /** Active products, newest first; filters combine. */
    @GET
    @PermitAll
    public Uni<Page<ProductView>> list(@QueryParam("seller") String seller, @QueryParam("hashtag") String hashtag,
            @QueryParam("q") String text, @QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return catalog.listActive(Ids.parseOptional("seller", seller), hashtag, text, cursor, limit);
    }
}
