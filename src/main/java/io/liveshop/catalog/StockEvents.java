package io.liveshop.catalog;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.Broadcast;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes stock changes after commit; call it from outside the transaction that changed the stock. */
@ApplicationScoped
public class StockEvents {

    private final Emitter<ProductStockChanged> emitter;
    private final ProductRepository products;

    StockEvents(@Channel("stock-events") @Broadcast @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
            Emitter<ProductStockChanged> emitter, ProductRepository products) {
        this.emitter = emitter;
        this.products = products;
    }

    private void publish(long productId, int stock) {
        emitter.send(new ProductStockChanged(productId, stock));
    }

    /** Reads the committed stock of a product and publishes it (one small query). */
    @io.quarkus.hibernate.reactive.panache.common.WithSession
    public Uni<Void> publishCurrent(long productId) {
        return products.find("select p.stock from Product p where p.id = ?1", productId).project(Integer.class)
                .firstResult().invoke(stock -> {
                    if (stock != null) {
                        publish(productId, stock);
                    }
                }).replaceWithVoid();
    }
}
