package io.liveshop.payment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "liveshop.payments")
public interface PaymentsConfig {

    /** Shared secret of the provider's webhook signatures (HMAC-SHA256). */
    String webhookSecret();

    /** How old a signed webhook may be before it is refused as a replay. */
    @WithDefault("PT5M")
    Duration webhookTolerance();
}
