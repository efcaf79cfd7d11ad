package io.liveshop.order;

import io.liveshop.platform.events.UserEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import io.liveshop.catalog.StockEvents;
import io.liveshop.platform.OnVertxContext;
import io.smallrye.reactive.messaging.annotations.Broadcast;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * The single publisher on the {@code order-events} channel (one emitter per channel), used by orders and flash
 * sales. Order status changes are published only after their transaction committed, and are also fired as CDI
 * events so other features (flash-sale accounting) can follow them in process.
 */
@ApplicationScoped
public class OrderEvents {

    public static final String CHANNEL = "order-events";
    private static final Logger LOG = Logger.getLogger(OrderEvents.class);

    private final Emitter<UserEvent> emitter;
    private final Event<OrderStatusChanged> observers;
    private final StockEvents stock;
    private final Vertx vertx;

    OrderEvents(@Channel(CHANNEL) @Broadcast @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65536)
            Emitter<UserEvent> emitter, Event<OrderStatusChanged> observers, StockEvents stock, Vertx vertx) {
        this.emitter = emitter;
        this.observers = observers;
        this.stock = stock;
        this.vertx = vertx;
    }

    public void statusChanged(Order order) {
        statusChanged(OrderStatusChanged.of(order));
        boolean stockMoved = order.source == OrderSource.CHECKOUT ? CHECKOUT_STOCK_MOVES.contains(order.status)
                : order.source != OrderSource.FLASH_SALE && STOCK_MOVES.contains(order.status);
        if (stockMoved) {
            // Read the committed stock on a context of its own: the caller's session may still be in use.
            order.lines.forEach(line -> OnVertxContext.call(vertx, () -> stock.publishCurrent(line.productId))
                    .subscribe().with(v -> { }, e -> LOG.debugf("Stock event for %d not sent: %s", line.productId, e)));
        }
    }

    /** For orders written without an entity (the flash-sale batch insert). */
    void statusChanged(OrderStatusChanged event) {
        observers.fire(event);
        publish(event);
    }

    /** Statuses reached by taking product stock (a buy-now order) or giving it back (buy-now and auction orders). */
    private static final java.util.Set<OrderStatus> STOCK_MOVES = java.util.EnumSet.of(OrderStatus.PENDING_PAYMENT,
            OrderStatus.CANCELLED, OrderStatus.EXPIRED, OrderStatus.REFUNDED);

    /** A checkout order takes its stock as it is created PAID, and gives it back when refunded. */
    private static final java.util.Set<OrderStatus> CHECKOUT_STOCK_MOVES = java.util.EnumSet.of(OrderStatus.PAID,
            OrderStatus.REFUNDED);

    public void publish(UserEvent event) {
        try {
            emitter.send(Message.of(event));
        } catch (RuntimeException e) {
            // A full buffer must not fail the request that already committed; the client can re-read its order.
            LOG.warnf("Dropped %s event for %s: %s", event.type(), event.userId(), e.getMessage());
        }
    }
}
