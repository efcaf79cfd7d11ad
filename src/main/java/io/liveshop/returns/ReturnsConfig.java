package io.liveshop.returns;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "liveshop.returns")
public interface ReturnsConfig {

    /** How long after delivery (the order's last change, to DELIVERED) a buyer may ask for a return. */
    @WithDefault("P14D")
    Duration window();
}
