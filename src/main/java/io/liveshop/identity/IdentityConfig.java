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

    @WithName("dev-issuer")
    DevIssuer devIssuer();

    interface DevIssuer {
        /** True in the dev, test and loadtest profiles; never enable it in production. */
        @WithDefault("false")
        boolean enabled();
    }
}
