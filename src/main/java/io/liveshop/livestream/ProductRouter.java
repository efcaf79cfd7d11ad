package io.liveshop.livestream;

import io.liveshop.catalog.ProductChanged;
import io.liveshop.catalog.ProductEvents;
import io.liveshop.platform.OnVertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Turns a seller's product edit into a {@code product} event for every running stream that showcases it. */
@ApplicationScoped
public class ProductRouter {

    private final LiveStreamService streams;
    private final StreamEvents events;
    private final Vertx vertx;

    ProductRouter(LiveStreamService streams, StreamEvents events, Vertx vertx) {
        this.streams = streams;
        this.events = events;
        this.vertx = vertx;
    }

    @Incoming(ProductEvents.CHANNEL)
    public Uni<Void> route(ProductChanged change) {
        ProductCard card = ProductCard.of(change.product());
        return OnVertxContext.call(vertx, () -> streams.activeStreamsShowing(card.id()))
                .invoke(ids -> ids.forEach(id -> events.publish(new ProductUpdated(id, card, change.product().status()))))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
