package io.liveshop.auction;

import java.time.Instant;

/** The order offered to the runner-up after the winner's order expired unpaid. */
public record RunnerUpOffer(long auctionId, String buyerId, long orderId, Long priceMinor, Instant payBy) {
}
