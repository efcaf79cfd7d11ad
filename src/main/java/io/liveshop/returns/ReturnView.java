package io.liveshop.returns;

import java.time.Instant;

public record ReturnView(long id, long orderId, String buyerId, long sellerId, ReturnStatus status, String reason,
        String rejectReason, Boolean restock, Long refundMinor, String refundState, Instant createdAt,
        Instant decidedAt) {

    static ReturnView of(ReturnRequest r) {
        return new ReturnView(r.id, r.orderId, r.buyerId, r.sellerId, r.status, r.reason, r.rejectReason, r.restock,
                r.refundMinor, r.refundState, r.createdAt, r.decidedAt);
    }
}
