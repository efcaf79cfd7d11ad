package io.liveshop.voucher;

/** FIXED: {@code amountMinor} off; PERCENT: {@code percent} % of the seller's subtotal, rounded down. */
public enum VoucherKind {
    FIXED, PERCENT
}
