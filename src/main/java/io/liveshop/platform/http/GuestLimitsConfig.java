package io.liveshop.platform.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Guests (callers without credentials) are anonymous, so they are limited per client IP address. */
@ConfigMapping(prefix = "liveshop.guests")
public interface GuestLimitsConfig {

    /** Guest WebSocket connections (watching without a token) open at once from one address. */
    @WithDefault("20")
    int maxConnectionsPerAddress();

    /** HTTP requests without credentials per second from one address, on average. */
    @WithDefault("20")
    int requestsPerSecond();

    /** HTTP requests without credentials one address may make in a burst (a page load and its assets). */
    @WithDefault("100")
    int requestBurst();
}
