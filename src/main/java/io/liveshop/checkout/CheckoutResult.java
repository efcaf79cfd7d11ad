package io.liveshop.checkout;

/** A checkout's answer, and whether it was replayed from an earlier request with the same key. */
public record CheckoutResult(CheckoutView view, boolean replayed) {
}
