package io.liveshop.order;

/** Result of a create call: the order, and whether it was replayed from an earlier request with the same key. */
public record OrderCreated(Order order, boolean replayed) {
}
