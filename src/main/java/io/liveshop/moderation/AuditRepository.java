package io.liveshop.moderation;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class AuditRepository implements PanacheRepositoryBase<AuditEntry, Long> {

    /** Newest first, strictly below {@code beforeId}. */
    public Uni<List<AuditEntry>> page(long beforeId, int limit) {
        return find("from AuditEntry a where a.id < ?1 order by a.id desc", beforeId).range(0, limit - 1).list();
    }
}
