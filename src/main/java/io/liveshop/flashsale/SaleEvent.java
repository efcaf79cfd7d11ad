package io.liveshop.flashsale;

import io.liveshop.platform.events.SnapshotSection.SectionUpdate;
import io.liveshop.platform.events.StreamEvent;

/** A sale event that also carries the sale's state after it, for the {@code data.sales} snapshot section. */
interface SaleEvent extends StreamEvent {

    /** Not on the wire: the gateway keeps it for snapshots. */
    SaleView sale();

    @Override
    default SectionUpdate section() {
        return SalesSection.update(sale());
    }
}
