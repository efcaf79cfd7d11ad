package io.liveshop.auction;

import java.time.Instant;
import java.util.List;

/**
 * An auction as anyone sees it (REST and the snapshot's {@code data.auction}). {@code leaderId}/{@code winnerId}
 * are user ids, {@code leaderName} the leader's display name; the reserve itself stays hidden ({@code reserveMet}).
 */
public record AuctionView(long id, long streamId, long productId, String title, String currency, AuctionStatus status,
        AuctionMode mode, int extensionSeconds, long startingPriceMinor, Long priceMinor, String leaderId,
        String leaderName, int bidCount, boolean hasReserve, boolean reserveMet, Instant startedAt, Instant endsAt,
        Instant closedAt, String winnerId, Long orderId, long minNextBidMinor, List<Long> quickBidsMinor) {
}
