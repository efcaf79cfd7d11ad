package io.liveshop.livestream;

import io.liveshop.catalog.ProductStockChanged;
import io.liveshop.platform.OnVertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Turns a product's stock change into a {@code stock} event for every running stream that showcases it. */
@ApplicationScoped
public class StockRouter {

    private final LiveStreamService streams;
    private final StreamEvents events;
    private final Vertx vertx;

    StockRouter(LiveStreamService streams, StreamEvents events, Vertx vertx) {
        this.streams = streams;
        this.events = events;
        this.vertx = vertx;
    }

    @Incoming("stock-events")
    public Uni<Void> route(ProductStockChanged change) {
        return OnVertxContext.call(vertx, () -> streams.activeStreamsShowing(change.productId()))
                .invoke(ids -> ids.forEach(id -> events.publish(new StockChanged(id, change.productId(), change.stock()))))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
