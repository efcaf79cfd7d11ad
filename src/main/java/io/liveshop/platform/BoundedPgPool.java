package io.liveshop.platform;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * The reactive pool Quarkus would build, with bounded waits: a connect attempt and a wait for a pooled connection
 * each give up after {@link DatabaseConfig}'s timeouts (Vert.x defaults are 60 s and 30 s), so while PostgreSQL is
 * unreachable requests fail fast and {@link ProblemMappers} answers 503.
 */
@Singleton
public class BoundedPgPool implements PgPoolCreator {

    private final DatabaseConfig config;

    BoundedPgPool(DatabaseConfig config) {
        this.config = config;
    }

    @Override
    @SuppressWarnings("deprecation") // Quarkus casts the created pool to PgPool, which only this factory returns
    public Pool create(Input input) {
        PoolOptions pool = input.poolOptions()
                .setConnectionTimeout((int) config.acquireTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        for (PgConnectOptions options : input.pgConnectOptionsList()) {
            options.setConnectTimeout((int) config.connectTimeout().toMillis());
        }
        return PgPool.pool(input.vertx(), input.pgConnectOptionsList(), pool);
    }
}
