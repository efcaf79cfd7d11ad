package io.liveshop.payment;

/** An authorization attempt: approved with an id, or declined with the provider's decline code. */
public record Authorization(boolean approved, String id, String declineCode) {
}
