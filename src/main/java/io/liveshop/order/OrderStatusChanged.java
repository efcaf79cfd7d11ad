package io.liveshop.order;

import io.liveshop.platform.events.UserEvent;
import java.time.Instant;

/** An order's new status, for the buyer's own connections ({@code order-events}) and in-process observers. */
public record OrderStatusChanged(String userId, long orderId, OrderStatus status, OrderSource source, Long saleId,
        long totalMinor, String currency, Instant expiresAt, Instant at) implements UserEvent {

    @Override
    public String type() {
        return "order";
    }

    public static OrderStatusChanged of(Order order) {
        return new OrderStatusChanged(order.buyerId, order.id, order.status, order.source, order.saleId,
                order.totalMinor, order.currency, order.expiresAt, Instant.now());
    }
}
