package io.liveshop.moderation;

import io.liveshop.identity.Roles;
import io.liveshop.platform.Page;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The moderation audit trail, newest first, for operators only. */
@Path("/api/admin/audit")
@Tag(name = "moderation")
@RolesAllowed(Roles.ADMIN)
public class AuditResource {

    private final AuditLog audit;

    AuditResource(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    public Uni<Page<AuditView>> list(@QueryParam("cursor") String cursor, @QueryParam("limit") String limit) {
        return audit.page(cursor, limit);
    }
}
