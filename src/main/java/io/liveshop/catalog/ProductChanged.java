package io.liveshop.catalog;

/** A product's committed state after a seller created, edited or archived it. */
public record ProductChanged(ProductView product) {
}
