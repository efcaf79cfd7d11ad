package io.liveshop.flashsale;

import io.liveshop.platform.events.UserEvent;
import java.time.Instant;

/** A buyer's answer, also pushed to the buyer's own connections (published on {@code order-events}). */
public record BuyAnswered(String userId, long saleId, String requestId, BuyOutcome outcome, Long orderId,
        Instant payBy) implements UserEvent {

    @Override
    public String type() {
        return "sale.buy-answer";
    }
}
