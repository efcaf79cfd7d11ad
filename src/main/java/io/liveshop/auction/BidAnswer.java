package io.liveshop.auction;

import java.time.Instant;

/** The one answer to a bid; {@code priceMinor}, {@code leaderId} and {@code endsAt} are the auction's after it. */
public record BidAnswer(long auctionId, String requestId, BidOutcome outcome, Long priceMinor, String leaderId,
        Instant endsAt, long minNextBidMinor, boolean replayed) {

    BidAnswer asReplay() {
        return new BidAnswer(auctionId, requestId, outcome, priceMinor, leaderId, endsAt, minNextBidMinor, true);
    }
}
