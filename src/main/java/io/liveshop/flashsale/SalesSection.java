package io.liveshop.flashsale;

import io.liveshop.platform.events.SnapshotSection;
import io.liveshop.platform.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Objects;

/** {@code data.sales} of a viewer's snapshot: every sale of the stream that is announced or open. */
@ApplicationScoped
public class SalesSection implements SnapshotSection {

    static final String NAME = "sales";

    private final SaleStore store;
    private final FlashSaleService service;

    SalesSection(SaleStore store, FlashSaleService service) {
        this.store = store;
        this.service = service;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<List<SectionItem>> load(long streamId) {
        return store.unendedSaleIds(streamId)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> service.get(id)
                        .onFailure(ProblemException.class).recoverWithNull())
                .filter(Objects::nonNull)
                .filter(view -> view.status() != SaleStatus.ENDED)
                .map(view -> new SectionItem(key(view.id()), view))
                .collect().asList();
    }

    static SectionUpdate update(SaleView view) {
        return new SectionUpdate(NAME, key(view.id()), view.status() == SaleStatus.ENDED ? null : view);
    }

    static SectionUpdate removed(long saleId) {
        return new SectionUpdate(NAME, key(saleId), null);
    }

    private static String key(long saleId) {
        return "sale:" + saleId;
    }
}
