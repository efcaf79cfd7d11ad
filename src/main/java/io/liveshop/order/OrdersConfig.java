package io.liveshop.order;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "liveshop.orders")
public interface OrdersConfig {

    /** How long a buyer has to pay before a pending order expires and its units go back. */
    @WithDefault("PT10M")
    Duration paymentWindow();

    /** How often due orders are expired (a scheduler expression such as {@code 5s}). */
    @WithDefault("5s")
    String expirySweep();
}
