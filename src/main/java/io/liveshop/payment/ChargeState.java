package io.liveshop.payment;

public enum ChargeState {
    AUTHORIZED, CAPTURED, VOIDED, REFUNDED
}
