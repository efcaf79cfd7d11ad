package io.liveshop.auction;

/** STANDARD: a bid in the last N seconds moves the end to N seconds after it. SUDDEN_DEATH: the end never moves. */
public enum AuctionMode {
    STANDARD, SUDDEN_DEATH
}
