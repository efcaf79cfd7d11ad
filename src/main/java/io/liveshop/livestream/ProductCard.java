package io.liveshop.livestream;

import io.liveshop.catalog.Product;
import io.liveshop.catalog.ProductView;

/** What a viewer sees of a product in a stream: enough to render the pinned card and the showcase. */
public record ProductCard(long id, String title, long priceMinor, String currency, String imageUrl, int stock) {

    static ProductCard of(Product p) {
        String image = p.mediaUrls == null || p.mediaUrls.length == 0 ? null : p.mediaUrls[0];
        return new ProductCard(p.id, p.title, p.priceMinor, p.currency, image, p.stock);
    }

    static ProductCard of(ProductView p) {
        return new ProductCard(p.id(), p.title(), p.priceMinor(), p.currency(),
                p.mediaUrls().isEmpty() ? null : p.mediaUrls().get(0), p.stock());
    }
}
