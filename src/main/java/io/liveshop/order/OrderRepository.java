package io.liveshop.order;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<Order, Long> {

    public Uni<Order> findWithLines(long id) {
        return first(find("from Order o left join fetch o.lines where o.id = ?1", id).list());
    }

    public Uni<Order> findByIdempotencyKey(String buyerId, String key) {
        return first(find("from Order o left join fetch o.lines where o.buyerId = ?1 and o.idempotencyKey = ?2",
                buyerId, key).list());
    }

    /** At most one order matches; a row limit would make Hibernate paginate the fetched lines in memory. */
    private static Uni<Order> first(Uni<List<Order>> rows) {
        return rows.map(list -> list.isEmpty() ? null : list.get(0));
    }

    /** Keyset page of one buyer's or one seller's orders (exactly one of the two is non-null). */
    public Uni<List<Order>> page(String buyerId, Long sellerId, long beforeId, int limit) {
        Uni<List<Long>> ids = buyerId != null
                ? find("select o.id from Order o where o.buyerId = ?1 and o.id < ?2 order by o.id desc", buyerId, beforeId)
                        .project(Long.class).range(0, limit - 1).list()
                : find("select o.id from Order o where o.sellerId = ?1 and o.id < ?2 order by o.id desc", sellerId, beforeId)
                        .project(Long.class).range(0, limit - 1).list();
        return ids.flatMap(list -> list.isEmpty() ? Uni.createFrom().item(List.<Order>of())
                : find("select distinct o from Order o left join fetch o.lines where o.id in ?1 order by o.id desc", list)
                        .list());
    }

    /** Moves an order from one status to another; returns 1 if this caller won the transition, else 0. */
    public Uni<Integer> transition(long id, OrderStatus from, OrderStatus to) {
        return update("status = ?3, updatedAt = ?4 where id = ?1 and status = ?2", id, from, to, Instant.now());
    }

    /** Marks a pending order paid, only while its payment window is still open. */
    public Uni<Integer> markPaid(long id, String paymentId, Instant now) {
        return update("status = ?2, paymentId = ?3, paidAt = ?4, updatedAt = ?4 where id = ?1 and status = ?5 and expiresAt > ?4",
                id, OrderStatus.PAID, paymentId, now, OrderStatus.PENDING_PAYMENT);
    }

    public Uni<Integer> setAddress(long id, long addressId, String shipTo) {
        return update("addressId = ?2, shipTo = ?3 where id = ?1", id, addressId, shipTo);
    }

    public Uni<Integer> setTracking(long id, String carrier, String trackingNumber) {
        return update("carrier = ?2, trackingNumber = ?3 where id = ?1", id, carrier, trackingNumber);
    }

    public Uni<List<Long>> dueForExpiry(Instant now, int max) {
        return find("select o.id from Order o where o.status = ?1 and o.expiresAt <= ?2 order by o.expiresAt",
                OrderStatus.PENDING_PAYMENT, now).project(Long.class).range(0, max - 1).list();
    }
}
