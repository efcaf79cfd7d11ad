package io.liveshop.flashsale;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "liveshop.flash-sales")
public interface FlashSaleConfig {

    /** How long a winner has to pay before the hold lapses and the unit goes back. */
    @WithDefault("PT5M")
    Duration paymentWindow();

    /** How long admitted buys are collected before one multi-row insert writes them. */
    @WithDefault("PT0.005S")
    Duration batchWindow();

    /** Most orders written by one insert. */
    @WithDefault("500")
    int batchMax();

    /** How often open/end times are checked and remaining-quantity updates are published (coalesced). */
    @WithDefault("PT0.2S")
    Duration tick();

    /** How long an answer is kept so a retry with the same request id gets it again. */
    @WithDefault("PT30M")
    Duration answerRetention();

    /**
     * How long an ended sale stays in memory, so late buyers are answered ENDED without a query; then its state
     * (slot, buyer counts, answers) is released, and a later request reads it from the database again.
     */
    @WithDefault("PT1M")
    Duration endedRetention();

    BuyRate buyRate();

    interface BuyRate {
        /** Buy attempts one user may make per window, across all sales (replays of an answered request are free). */
        @WithDefault("10")
        int limit();

        @WithDefault("PT1S")
        Duration window();
    }
}
