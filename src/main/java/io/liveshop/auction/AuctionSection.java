package io.liveshop.auction;

import io.liveshop.platform.events.SnapshotSection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** {@code data.auction} in a viewer's snapshot: the stream's running auction (the REST view), or null. */
@ApplicationScoped
public class AuctionSection implements SnapshotSection {

    private final AuctionService auctions;

    AuctionSection(AuctionService auctions) {
        this.auctions = auctions;
    }

    @Override
    public String name() {
        return AuctionEvents.SECTION;
    }

    @Override
    public boolean single() {
        return true;
    }

    @Override
    public Uni<List<SectionItem>> load(long streamId) {
        return auctions.runningOf(streamId).map(view -> view == null ? List.<SectionItem>of()
                : List.of(new SectionItem(AuctionEvents.key(view.id()), view)));
    }
}
