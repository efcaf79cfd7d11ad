package io.liveshop.flashsale;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class FlashSaleRepository implements PanacheRepositoryBase<FlashSale, Long> {

    public Uni<List<FlashSale>> forStream(long streamId) {
        return find("streamId = ?1 order by id desc", streamId).range(0, 49).list();
    }
}
