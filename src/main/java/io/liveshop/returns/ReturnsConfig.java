package io.liveshop.returns;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "liveshop.returns")
public interface ReturnsConfig {

    /** How long after delivery (the order's last change, to DELIVERED) a buyer may ask for a return. */
    @WithDefault("P14D")
    Duration window();

    /** A PENDING refund is retried by the periodic sweep once its acceptance is this old. */
    @WithDefault("PT30S")
    Duration refundRetryAfter();

    /** Attempts after which the sweep leaves a refund PENDING for an operator (refund_error says why). */
    @WithDefault("10")
    int refundAttempts();
}
