package io.liveshop.flashsale;

import io.liveshop.platform.events.SnapshotSection.SectionUpdate;
import io.liveshop.platform.events.StreamEvent;
import java.time.Instant;

/** The sale is over; {@code sold} counts paid and still-held units, {@code returned} went back to the product. */
public record SaleEnded(long streamId, long saleId, int sold, int held, int returned, Instant endedAt)
        implements StreamEvent {

    @Override
    public String type() {
        return "sale.ended";
    }

    @Override
    public SectionUpdate section() {
        return SalesSection.removed(saleId);
    }
}
