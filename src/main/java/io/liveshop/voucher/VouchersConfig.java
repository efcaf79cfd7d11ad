package io.liveshop.voucher;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "liveshop.vouchers")
public interface VouchersConfig {

    /** How long a claim answer is kept so a retry with the same request id gets it again. */
    @WithDefault("PT30M")
    Duration answerRetention();

    /** How often dropped vouchers' remaining counts are published (coalesced) and ended ones closed. */
    @WithDefault("PT0.2S")
    Duration tick();

    ClaimRate claimRate();

    interface ClaimRate {
        /** Claim attempts one user may make per window, across vouchers (replays are free). */
        @WithDefault("10")
        int limit();

        @WithDefault("PT1S")
        Duration window();
    }
}
