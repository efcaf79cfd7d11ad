package io.liveshop.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;

@ConfigMapping(prefix = "liveshop.identity")
public interface IdentityConfig {

    /** Lifetime of tokens minted by the development issuer. */
    @WithDefault("PT12H")
    Duration tokenTtl();

    /** How many verified bearer tokens are remembered (until each expires) so a repeat request skips verifying. */
    @WithDefault("20000")
    int verifiedTokenCacheSize();

    @WithName("dev-issuer")
    DevIssuer devIssuer();

    interface DevIssuer {
        /** True in the dev, test and loadtest profiles; never enable it in production. */
        @WithDefault("false")
        boolean enabled();
    }
}
