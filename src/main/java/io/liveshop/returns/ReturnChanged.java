package io.liveshop.returns;

import io.liveshop.platform.events.UserEvent;

/** Each step of a return, pushed to the buyer's own connections. */
public record ReturnChanged(String userId, long returnId, long orderId, ReturnStatus status, String rejectReason,
        Long refundMinor, String refundState) implements UserEvent {

    @Override
    public String type() {
        return "return";
    }

    static ReturnChanged of(ReturnRequest r) {
        return new ReturnChanged(r.buyerId, r.id, r.orderId, r.status, r.rejectReason, r.refundMinor, r.refundState);
    }
}
