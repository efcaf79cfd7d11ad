package io.liveshop.catalog;

import java.time.Instant;
import java.util.List;

public record ProductView(long id, long sellerId, String title, String description, long priceMinor,
        String currency, List<String> mediaUrls, List<String> hashtags, ProductStatus status, int initialStock,
        int stock, Instant createdAt, Instant updatedAt) {

    public static ProductView of(Product p) {
        return new ProductView(p.id, p.sellerId, p.title, p.description, p.priceMinor, p.currency,
                p.mediaUrls == null ? List.of() : List.of(p.mediaUrls),
                p.hashtags == null ? List.of() : List.of(p.hashtags), p.status, p.initialStock, p.stock,
                p.createdAt, p.updatedAt);
    }
}
