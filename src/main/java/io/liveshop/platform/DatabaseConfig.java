package io.liveshop.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Bounds on waiting for PostgreSQL, so an outage is answered 503 in seconds instead of hanging requests. */
@ConfigMapping(prefix = "liveshop.database")
public interface DatabaseConfig {

    /** How long to wait for a TCP connection to PostgreSQL ({@code LIVESHOP_DATABASE_CONNECT_TIMEOUT}). */
    @WithDefault("PT5S")
    Duration connectTimeout();

    /** How long a request waits for a pooled connection before it is answered 503. */
    @WithDefault("PT5S")
    Duration acquireTimeout();
}
