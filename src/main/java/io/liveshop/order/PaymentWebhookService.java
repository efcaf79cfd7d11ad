package io.liveshop.order;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Applies provider webhooks exactly once: the dedupe record and the order change commit together. */
@ApplicationScoped
public class PaymentWebhookService {

    public enum Outcome { PROCESSED, DUPLICATE, IGNORED }

    private final WebhookEventRepository events;
    private final OrderRepository orders;

    PaymentWebhookService(WebhookEventRepository events, OrderRepository orders) {
        this.events = events;
        this.orders = orders;
    }

    @WithTransaction
    public Uni<Outcome> apply(PaymentWebhookEvent event) {
        return events.recordFirstDelivery(event.id(), event.type()).flatMap(first -> {
            if (!first) {
                return Uni.createFrom().item(Outcome.DUPLICATE);
            }
            return switch (event.type()) {
                case "payment.succeeded" -> orders.markPaid(event.orderId(), event.paymentId(), Instant.now())
                        .map(rows -> rows == 1 ? Outcome.PROCESSED : Outcome.IGNORED);
                case "charge.refunded" -> orders.findById(event.orderId()).flatMap(order -> order == null
                        || !order.status.canMoveTo(OrderStatus.REFUNDED) ? Uni.createFrom().item(Outcome.IGNORED)
                        : orders.transition(order.id, order.status, OrderStatus.REFUNDED)
                                .map(rows -> rows == 1 ? Outcome.PROCESSED : Outcome.IGNORED));
                default -> Uni.createFrom().item(Outcome.IGNORED);
            };
        });
    }
}
