package io.liveshop.voucher;

import io.liveshop.identity.CurrentUser;
import io.liveshop.identity.Roles;
import io.liveshop.platform.Ids;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The host drops a live-only voucher on its LIVE stream. */
@Path("/api/streams/{id}/vouchers")
@Tag(name = "vouchers")
@RolesAllowed({ Roles.HOST, Roles.SELLER, Roles.ADMIN })
public class StreamVoucherResource {

    private final VoucherService vouchers;
    private final SecurityIdentity identity;

    StreamVoucherResource(VoucherService vouchers, SecurityIdentity identity) {
        this.vouchers = vouchers;
        this.identity = identity;
    }

    @POST
    public Uni<VoucherView> drop(@PathParam("id") String id, @Valid @NotNull DropRequest request) {
        return vouchers.drop(CurrentUser.of(identity), Ids.parse("id", id), request.voucherId());
    }
}
