package io.liveshop.voucher;

import io.liveshop.platform.ProblemException;
import io.liveshop.platform.events.SnapshotSection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** {@code data.vouchers} of a viewer's snapshot: the stream's dropped vouchers that can still be claimed. */
@ApplicationScoped
public class VouchersSection implements SnapshotSection {

    static final String NAME = "vouchers";

    private final VoucherStore store;
    private final VoucherService vouchers;

    VouchersSection(VoucherStore store, VoucherService vouchers) {
        this.store = store;
        this.vouchers = vouchers;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<List<SectionItem>> load(long streamId) {
        Instant now = Instant.now();
        return store.droppedOn(streamId, now)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> vouchers.claimableView(id)
                        .onFailure(ProblemException.class).recoverWithNull())
                .filter(Objects::nonNull)
                .map(view -> new SectionItem(key(view.id()), view))
                .collect().asList();
    }

    static String key(long voucherId) {
        return "voucher:" + voucherId;
    }
}
