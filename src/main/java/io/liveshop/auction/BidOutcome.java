package io.liveshop.auction;

/** The one answer to a bid. LEADING and OUTBID are given only once the bid is durable. */
public enum BidOutcome {
    /** Accepted: your bid leads. */
    LEADING,
    /** Accepted, but a standing max bid already beats it (the answer carries the new price). */
    OUTBID,
    /** Below the current price plus the increment (or the starting price): not recorded. */
    TOO_LOW,
    /** The auction closed or was cancelled. */
    ENDED,
    /** The seller, the host or a co-host bidding on their own auction. */
    NOT_ALLOWED,
    /** Too many bids by this user right now; not remembered. */
    RATE_LIMITED
}
