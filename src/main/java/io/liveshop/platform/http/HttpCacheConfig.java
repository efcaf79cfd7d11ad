package io.liveshop.platform.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Freshness a shared cache (a CDN) may give public, anonymous reads; the origin itself is never stale. */
@ConfigMapping(prefix = "liveshop.http-cache")
public interface HttpCacheConfig {

    /** {@code max-age} of public responses. */
    @WithDefault("PT5S")
    Duration maxAge();

    /** {@code stale-while-revalidate}: how long a cache may serve a stale copy while it fetches a fresh one. */
    @WithDefault("PT30S")
    Duration staleWhileRevalidate();

    /** Bodies at least this large are sent gzip-compressed to clients that accept it. */
    @WithDefault("1024")
    int compressAbove();
}
