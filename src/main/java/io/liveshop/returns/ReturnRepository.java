package io.liveshop.returns;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class ReturnRepository implements PanacheRepositoryBase<ReturnRequest, Long> {

    public Uni<ReturnRequest> forOrder(long orderId) {
        return find("orderId", orderId).firstResult();
    }

    /** Newest first, strictly below {@code before}; {@code limit} rows. */
    public Uni<List<ReturnRequest>> ofBuyer(String buyerId, long before, int limit) {
        return find("buyerId = ?1 and id < ?2 order by id desc", buyerId, before).range(0, limit - 1).list();
    }

    public Uni<List<ReturnRequest>> ofSeller(long sellerId, long before, int limit) {
        return find("sellerId = ?1 and id < ?2 order by id desc", sellerId, before).range(0, limit - 1).list();
    }

    /**
     * REQUESTED → the decision; 1 if this caller decided, 0 if it was decided meanwhile. An acceptance with money to
     * give back records its refund PENDING in the same commit, so a refund that fails later is retried, never lost.
     */
    public Uni<Integer> decide(long id, ReturnStatus status, Boolean restock, Long refundMinor, String rejectReason,
            String refundPaymentId) {
        String refundState = refundPaymentId == null ? null : ReturnRefunds.PENDING;
        return update("status = ?2, restock = ?3, refundMinor = ?4, rejectReason = ?5, decidedAt = ?6,"
                + " refundState = ?8, refundPaymentId = ?9 where id = ?1 and status = ?7", id, status, restock,
                refundMinor, rejectReason, Instant.now(), ReturnStatus.REQUESTED, refundState, refundPaymentId);
    }
}
