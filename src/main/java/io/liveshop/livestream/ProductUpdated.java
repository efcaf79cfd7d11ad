package io.liveshop.livestream;

import io.liveshop.catalog.ProductStatus;
import io.liveshop.platform.events.StreamEvent;

/**
 * A showcase product's seller changed it (title, price, image, status): what viewers of the stream see of it now.
 * A product that is no longer {@code ACTIVE} cannot be bought.
 */
public record ProductUpdated(long streamId, ProductCard product, ProductStatus status) implements StreamEvent {

    @Override
    public String type() {
        return "product";
    }

    @Override
    public String coalesceKey() {
        return "product:" + product.id();
    }
}
