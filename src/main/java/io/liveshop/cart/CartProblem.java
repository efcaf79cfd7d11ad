package io.liveshop.cart;

/**
 * Why a cart line cannot be checked out as it is. ARCHIVED covers any product no longer on sale (archived or back
 * to draft). PRICE_CHANGED: the price differs from the one the buyer added the line at; changing the line's
 * quantity (PUT) or adding it again accepts the current price.
 */
public enum CartProblem {
    PRICE_CHANGED, NOT_ENOUGH_STOCK, OUT_OF_STOCK, ARCHIVED
}
