package io.liveshop.flashsale;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** The one answer to a buy attempt; {@code orderId} and {@code payBy} only for WON. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BuyAnswer(long saleId, String requestId, BuyOutcome outcome, Long orderId, Instant payBy,
        boolean replayed) {

    static BuyAnswer of(long saleId, String requestId, BuyOutcome outcome) {
        return new BuyAnswer(saleId, requestId, outcome, null, null, false);
    }

    static BuyAnswer won(long saleId, String requestId, long orderId, Instant payBy) {
        return new BuyAnswer(saleId, requestId, BuyOutcome.WON, orderId, payBy, false);
    }

    BuyAnswer asReplay() {
        return new BuyAnswer(saleId, requestId, outcome, orderId, payBy, true);
    }
}
