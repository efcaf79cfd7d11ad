package io.liveshop.address;

import io.liveshop.identity.CurrentUser;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's own shipping addresses; nobody else's are ever visible. */
@Path("/api/addresses")
@Tag(name = "checkout")
@Authenticated
public class AddressResource {

    private final AddressService addresses;
    private final SecurityIdentity identity;

    AddressResource(AddressService addresses, SecurityIdentity identity) {
        this.addresses = addresses;
        this.identity = identity;
    }

    @POST
    public Uni<Response> create(@Valid @NotNull AddressRequest request) {
        return addresses.create(CurrentUser.of(identity), request).map(a -> Response
                .created(URI.create("/api/addresses/" + a.id)).entity(AddressView.of(a)).build());
    }

    @GET
    public Uni<List<AddressView>> list() {
        return addresses.list(CurrentUser.of(identity)).map(list -> list.stream().map(AddressView::of).toList());
    }
}
