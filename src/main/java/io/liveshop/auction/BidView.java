package io.liveshop.auction;

import java.time.Instant;

/** One accepted bid; {@code auto} marks a bid the system placed for a standing max bid. */
public record BidView(int seq, String bidderId, String bidderName, long amountMinor, boolean auto, Instant placedAt) {
}
