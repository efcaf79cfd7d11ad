package io.liveshop.platform;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of PostgreSQL, in place of Quarkus's reactive datasource check ({@code quarkus.datasource.health.enabled=false}):
 * that one queries the pool directly, and while PostgreSQL is down each such query leaves a Vert.x acquire timer that
 * later throws "Result is already complete" on the event loop (eclipse-vertx/vertx-sql-client#1706). This one asks
 * for a connection first, a path whose timer is cancelled, and is bounded by the same connect and acquire timeouts.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    static final String NAME = "PostgreSQL connection";

    private final Pool pool;

    DatabaseReadiness(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.withConnection(conn -> conn.query("select 1").execute())
                .map(rows -> HealthCheckResponse.up(NAME))
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("error", String.valueOf(failure.getMessage())).build());
    }
}
