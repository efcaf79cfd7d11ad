package io.liveshop.loadtest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "liveshop.loadtest")
public interface LoadTestConfig {

    /** The seed endpoint; on in the loadtest and test profiles only. */
    @WithDefault("false")
    boolean seedEnabled();
}
