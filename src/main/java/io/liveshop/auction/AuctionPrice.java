package io.liveshop.auction;

import io.liveshop.platform.events.SnapshotSection;
import io.liveshop.platform.events.StreamEvent;
import java.time.Instant;
import java.util.List;

/**
 * The auction's price, leader (display name), bid count and end after accepted bids; coalesced per auction (a slow
 * viewer gets the latest). {@code view} feeds the snapshot section and is not sent.
 */
public record AuctionPrice(long streamId, long auctionId, long priceMinor, String leaderName, int bidCount,
        Instant endsAt, long minNextBidMinor, List<Long> quickBidsMinor,
        @com.fasterxml.jackson.annotation.JsonIgnore AuctionView view) implements StreamEvent {

    static AuctionPrice of(AuctionView v) {
        return new AuctionPrice(v.streamId(), v.id(), v.priceMinor() == null ? v.startingPriceMinor() : v.priceMinor(),
                v.leaderName(), v.bidCount(), v.endsAt(), v.minNextBidMinor(), v.quickBidsMinor(), v);
    }

    @Override
    public String type() {
        return "auction.bid";
    }

    @Override
    public String coalesceKey() {
        return "auction:" + auctionId + ":price";
    }

    @Override
    public SnapshotSection.SectionUpdate section() {
        return new SnapshotSection.SectionUpdate(AuctionEvents.SECTION, AuctionEvents.key(auctionId), view);
    }
}
