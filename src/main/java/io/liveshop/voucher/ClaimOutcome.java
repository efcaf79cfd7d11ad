package io.liveshop.voucher;

public enum ClaimOutcome {
    CLAIMED, GONE, LIMIT_REACHED, NOT_OPEN, ENDED, NOT_LIVE, RATE_LIMITED
}
