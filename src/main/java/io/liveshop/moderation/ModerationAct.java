package io.liveshop.moderation;

import io.liveshop.identity.CurrentUser;

/** What an operator did, on which resource, and why (the reason is optional). */
public record ModerationAct(String actorId, Action action, long resourceId, String reason) {

    /** The moderation powers of an admin; every other owner-only command stays with the owner. */
    public enum Action {
        STREAM_END("stream", "stream.end"),
        SALE_END("sale", "sale.end"),
        PRODUCT_ARCHIVE("product", "product.archive"),
        ORDER_REFUND("order", "order.refund");

        public final String resourceType;
        public final String code;

        Action(String resourceType, String code) {
            this.resourceType = resourceType;
            this.code = code;
        }
    }

    public static ModerationAct of(CurrentUser admin, Action action, long resourceId, ModerationRequest request) {
        return new ModerationAct(admin.id(), action, resourceId, request == null ? null : request.reason());
    }
}
