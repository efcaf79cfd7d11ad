package io.liveshop.address;

import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.IdempotencyKey;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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

    /** 201 with the address; with an {@code Idempotency-Key}, a retry answers 200 {@code Idempotent-Replayed: true}. */
    @POST
    public Uni<Response> create(@Valid @NotNull AddressRequest request,
            @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey) {
        return addresses.create(CurrentUser.of(identity), request, IdempotencyKey.validate(idempotencyKey))
                .map(created -> created.replayed()
                        ? Response.ok(AddressView.of(created.address())).header("Idempotent-Replayed", "true").build()
                        : Response.created(URI.create("/api/addresses/" + created.address().id))
                                .entity(AddressView.of(created.address())).build());
    }

    @GET
    public Uni<List<AddressView>> list() {
        return addresses.list(CurrentUser.of(identity)).map(list -> list.stream().map(AddressView::of).toList());
    }
}
