package io.liveshop.flashsale;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Holds lapse after one second and the expiry job sweeps every second. */
public class ShortPaymentWindowProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("liveshop.flash-sales.payment-window", "PT1S", "liveshop.orders.expiry-sweep", "1s");
    }
}
