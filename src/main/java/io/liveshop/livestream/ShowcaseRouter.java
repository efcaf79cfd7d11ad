package io.liveshop.livestream;

import io.liveshop.catalog.ProductChanged;
import io.liveshop.catalog.ProductEvents;
import io.liveshop.catalog.ProductStockChanged;
import io.liveshop.platform.OnVertxContext;
import io.liveshop.platform.events.StreamEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.LongFunction;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Turns a product's change (stock, price, title, status) into an event for every running stream that showcases it. */
@ApplicationScoped
public class ShowcaseRouter {

    private final LiveStreamService streams;
    private final StreamEvents events;
    private final Vertx vertx;

    ShowcaseRouter(LiveStreamService streams, StreamEvents events, Vertx vertx) {
        this.streams = streams;
        this.events = events;
        this.vertx = vertx;
    }

    @Incoming("stock-events")
    public Uni<Void> stock(ProductStockChanged change) {
        return toStreamsShowing(change.productId(), id -> new StockChanged(id, change.productId(), change.stock()));
    }

    @Incoming(ProductEvents.CHANNEL)
    public Uni<Void> product(ProductChanged change) {
        ProductCard card = ProductCard.of(change.product());
        return toStreamsShowing(card.id(), id -> new ProductUpdated(id, card, change.product().status()));
    }

    private Uni<Void> toStreamsShowing(long productId, LongFunction<StreamEvent> event) {
        return OnVertxContext.call(vertx, () -> streams.activeStreamsShowing(productId))
                .invoke(ids -> ids.forEach(id -> events.publish(event.apply(id))))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
