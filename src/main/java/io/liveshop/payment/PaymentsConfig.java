package io.liveshop.payment;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "liveshop.payments")
public interface PaymentsConfig {

    /** The card payment providers LiveShop can talk to; production must name one explicitly. */
    enum Provider { SANDBOX }

    /** The provider in use ({@code LIVESHOP_PAYMENTS_PROVIDER}); defaults to the sandbox only in dev, test, loadtest. */
    Provider provider();

    /** Shared secret of the provider's webhook signatures (HMAC-SHA256). */
    String webhookSecret();

    /** How old a signed webhook may be before it is refused as a replay. */
    @WithDefault("PT5M")
    Duration webhookTolerance();
}
