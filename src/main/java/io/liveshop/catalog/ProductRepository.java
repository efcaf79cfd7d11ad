package io.liveshop.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class ProductRepository implements PanacheRepositoryBase<Product, Long> {

    /** Keyset page: ids strictly below {@code beforeId}, newest first, one extra row to detect a next page. */
    public Uni<List<Product>> search(ProductFilter filter, long beforeId, int limit) {
        StringBuilder where = new StringBuilder("id < :before");
        Parameters params = Parameters.with("before", beforeId);
        if (filter.status() != null) {
            where.append(" and status = :status");
            params.and("status", filter.status());
        }
        if (filter.sellerId() != null) {
            where.append(" and sellerId = :seller");
            params.and("seller", filter.sellerId());
        }
        if (filter.hashtag() != null) {
            where.append(" and array_contains(hashtags, :tag)");
            params.and("tag", filter.hashtag());
        }
        if (filter.text() != null) {
            where.append(" and (lower(title) like :text or lower(description) like :text)");
            params.and("text", "%" + filter.text().toLowerCase().replace("%", "\\%").replace("_", "\\_") + "%");
        }
        return find(where + " order by id desc", params).range(0, limit).list();
    }

    /** Takes {@code quantity} units if the product is active and has them; returns the rows changed (0 or 1). */
    public Uni<Integer> takeStock(long productId, int quantity) {
        return update("stock = stock - ?2, updatedAt = current_timestamp where id = ?1 and status = ?3 and stock >= ?2",
                productId, quantity, ProductStatus.ACTIVE);
    }

    public Uni<Integer> returnStock(long productId, int quantity) {
        return update("stock = stock + ?2, updatedAt = current_timestamp where id = ?1", productId, quantity);
    }
}
