package io.liveshop.auction;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "liveshop.auctions")
public interface AuctionsConfig {

    /** How long a winner (or an offered runner-up) has to pay before the order expires. */
    @WithDefault("PT10M")
    Duration paymentWindow();

    /** How long an answer is kept so a retry with the same request id gets it again. */
    @WithDefault("PT30M")
    Duration answerRetention();

    /** Price events per auction go out at most this often (the last state always goes out). */
    @WithDefault("PT0.1S")
    Duration priceInterval();

    BidRate bidRate();

    interface BidRate {
        /** Bids one user may send per window, across all auctions (replays of an answered request are free). */
        @WithDefault("5")
        int limit();

        @WithDefault("PT1S")
        Duration window();
    }
}
