package io.liveshop.cart;

import io.liveshop.catalog.ProductStatus;

/** A cart line joined with its product as it is now. */
public record CartRow(long productId, int quantity, Long streamId, long addedPriceMinor, long sellerId, String title,
        long priceMinor, String currency, ProductStatus status, int stock) {

    /** What stands between this line and a checkout, or null. */
    public CartProblem problem() {
        if (status != ProductStatus.ACTIVE) {
            return CartProblem.ARCHIVED;
        }
        if (stock == 0) {
            return CartProblem.OUT_OF_STOCK;
        }
        if (stock < quantity) {
            return CartProblem.NOT_ENOUGH_STOCK;
        }
        if (priceMinor != addedPriceMinor) {
            return CartProblem.PRICE_CHANGED;
        }
        return null;
    }
}
