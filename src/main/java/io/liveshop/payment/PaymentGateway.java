package io.liveshop.payment;

import io.smallrye.mutiny.Uni;

/**
 * A card payment provider, used in two steps so a late payment never charges: authorize, then capture only
 * once the order has been marked paid, or void the authorization if it could not be.
 */
public interface PaymentGateway {

    Uni<Authorization> authorize(String reference, long amountMinor, String currency, String cardToken);

    Uni<Void> capture(String authorizationId);

    Uni<Void> voidAuthorization(String authorizationId);

    Uni<Void> refund(String paymentId);

    /**
     * Refunds part of a captured charge (one order of a multi-seller checkout, a return). {@code reference} is the
     * refund's idempotency key: a retry refunds nothing more.
     */
    Uni<Void> refundPart(String paymentId, long amountMinor, String reference);
}
