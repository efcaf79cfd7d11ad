package io.liveshop.moderation;

import java.time.Instant;

public record AuditView(long id, String actorId, String action, String resourceType, long resourceId, String reason,
        Instant at) {

    static AuditView of(AuditEntry e) {
        return new AuditView(e.id, e.actorId, e.action, e.resourceType, e.resourceId, e.reason, e.at);
    }
}
