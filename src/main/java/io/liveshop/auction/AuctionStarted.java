package io.liveshop.auction;

import io.liveshop.platform.events.SnapshotSection;
import io.liveshop.platform.events.StreamEvent;

/** An auction started on the stream: the full view, as in {@code data.auction}. */
public record AuctionStarted(long streamId, AuctionView auction) implements StreamEvent {

    @Override
    public String type() {
        return "auction.started";
    }

    @Override
    public SnapshotSection.SectionUpdate section() {
        return new SnapshotSection.SectionUpdate(AuctionEvents.SECTION, AuctionEvents.key(auction.id()), auction);
    }
}
