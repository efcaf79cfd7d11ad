package io.liveshop.moderation;

import io.liveshop.platform.Cursor;
import io.liveshop.platform.Page;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The audit trail of moderation. Features record an act inside the transaction that performs it: from a
 * Hibernate transaction with {@link #record(ModerationAct)}, from a plain SQL transaction with
 * {@link #record(SqlConnection, ModerationAct)}.
 */
@ApplicationScoped
public class AuditLog {

    private final AuditRepository entries;

    AuditLog(AuditRepository entries) {
        this.entries = entries;
    }

    /** Must run inside the caller's {@code @WithTransaction}: the row commits or rolls back with the act. */
    public Uni<Void> record(ModerationAct act) {
        AuditEntry entry = new AuditEntry();
        entry.actorId = act.actorId();
        entry.action = act.action().code;
        entry.resourceType = act.action().resourceType;
        entry.resourceId = act.resourceId();
        entry.reason = act.reason();
        entry.at = Instant.now();
        return entries.persist(entry).replaceWithVoid();
    }

    /** The same on the connection of a plain SQL transaction. */
    public Uni<Void> record(SqlConnection conn, ModerationAct act) {
        return conn.preparedQuery("""
                insert into moderation_audit (actor_id, action, resource_type, resource_id, reason, at)
                values ($1, $2, $3, $4, $5, $6)""")
                .execute(Tuple.from(new Object[] { act.actorId(), act.action().code, act.action().resourceType,
                        act.resourceId(), act.reason(), Instant.now().atOffset(ZoneOffset.UTC) }))
                .replaceWithVoid();
    }

    @WithSession
    public Uni<Page<AuditView>> page(String cursor, String limit) {
        int max = Cursor.limit(limit);
        long before = Cursor.decode(cursor);
        return entries.page(before, max + 1).map(rows -> Page.of(rows, max, e -> e.id, AuditView::of));
    }
}
