package io.liveshop.catalog;

/** A product's available stock after a committed change (buy now, a returned unit, a sale allocation). */
public record ProductStockChanged(long productId, int stock) {
}
