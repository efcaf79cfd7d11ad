package io.liveshop.flashsale;

import io.liveshop.order.Order;
import io.liveshop.order.SaleUnits;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where a released flash-sale unit goes, decided inside the releasing transaction under the sale's row lock (so
 * it cannot interleave with the settlement): back to the sale while it runs (nothing to write: the sale's
 * available count is derived from its orders), or, once ended, back to the product with the allocation shrunk.
 * The in-memory counters follow after commit, in {@link SaleOrderListener}.
 */
@ApplicationScoped
public class SaleUnitsReturn implements SaleUnits {

    @Override
    public Uni<Void> release(Order order) {
        int units = order.lines.stream().mapToInt(l -> l.quantity).sum();
        long productId = order.lines.isEmpty() ? 0 : order.lines.get(0).productId;
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("select status from flash_sale where id = ?1 for update", String.class)
                .setParameter(1, order.saleId)
                .getResultList()
                .flatMap(status -> {
                    if (status.isEmpty() || !SaleStatus.ENDED.name().equals(status.get(0))) {
                        return Uni.createFrom().voidItem();
                    }
                    return session.createNativeQuery(
                                    "update flash_sale set allocated = allocated - ?2, returned = returned + ?2 where id = ?1")
                            .setParameter(1, order.saleId).setParameter(2, units).executeUpdate()
                            .flatMap(x -> session.createNativeQuery(
                                            "update product set stock = stock + ?2, updated_at = now() where id = ?1")
                                    .setParameter(1, productId).setParameter(2, units).executeUpdate())
                            .replaceWithVoid();
                }));
    }

}
