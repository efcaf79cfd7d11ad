package io.liveshop.order;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Remembers delivered webhook event ids so a redelivery is recognised and ignored. */
@ApplicationScoped
public class WebhookEventRepository {

    /** Records the event; false if it had already been recorded (a duplicate delivery). */
    public Uni<Boolean> recordFirstDelivery(String eventId, String type) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("insert into payment_webhook_event (event_id, type) values (?1, ?2) on conflict do nothing")
                .setParameter(1, eventId).setParameter(2, type)
                .executeUpdate()).map(rows -> rows == 1);
    }
}
