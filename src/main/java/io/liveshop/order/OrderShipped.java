package io.liveshop.order;

import io.liveshop.platform.events.UserEvent;
import java.time.Instant;

/** The buyer's order left the seller, with its carrier and tracking number when the seller gave them. */
public record OrderShipped(String userId, long orderId, String carrier, String trackingNumber, Instant at)
        implements UserEvent {

    @Override
    public String type() {
        return "order.shipped";
    }
}
