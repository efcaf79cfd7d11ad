package io.liveshop.checkout;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "liveshop.checkout")
public interface CheckoutConfig {

    /** The flat shipping fee of each seller's order, in the checkout currency's minor units (whatever the currency). */
    @WithDefault("499")
    long shippingFeeMinor();
}
