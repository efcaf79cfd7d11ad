package io.liveshop.catalog;

import io.smallrye.reactive.messaging.annotations.Broadcast;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/** Publishes committed product edits on {@code product-events}: read models and the streams showing it follow. */
@ApplicationScoped
public class ProductEvents {

    public static final String CHANNEL = "product-events";
    private static final Logger LOG = Logger.getLogger(ProductEvents.class);

    private final Emitter<ProductChanged> emitter;

    ProductEvents(@Channel(CHANNEL) @Broadcast @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
            Emitter<ProductChanged> emitter) {
        this.emitter = emitter;
    }

    void changed(Product product) {
        try {
            emitter.send(Message.of(new ProductChanged(ProductView.of(product))));
        } catch (RuntimeException e) {
            // the write is committed; a reader reloads this product on its next change or restart
            LOG.warnf("Dropped product event for %d: %s", product.id, e.getMessage());
        }
    }
}
