package io.liveshop.flashsale;

public enum BuyOutcome {
    WON, SOLD_OUT, LIMIT_REACHED, NOT_OPEN, ENDED, RATE_LIMITED
}
