package io.liveshop.catalog;

/** Optional filters of a product listing; null means "any". */
public record ProductFilter(ProductStatus status, Long sellerId, String hashtag, String text) {
}
