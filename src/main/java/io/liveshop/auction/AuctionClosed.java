package io.liveshop.auction;

import io.liveshop.platform.events.SnapshotSection;
import io.liveshop.platform.events.StreamEvent;
import java.time.Instant;

/**
 * The auction closed ({@code CLOSED}: {@code sold} with the winner's display name and price, or no sale) or was
 * cancelled ({@code CANCELLED}); it leaves the snapshot.
 */
public record AuctionClosed(long streamId, long auctionId, AuctionStatus status, boolean sold, Long priceMinor,
        String winnerName, int bidCount, Instant closedAt) implements StreamEvent {

    @Override
    public String type() {
        return "auction.closed";
    }

    @Override
    public SnapshotSection.SectionUpdate section() {
        return new SnapshotSection.SectionUpdate(AuctionEvents.SECTION, AuctionEvents.key(auctionId), null);
    }
}
