package io.liveshop.returns;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A buyer's request to return one delivered order; decided once by the order's seller. */
@Entity
@Table(name = "return_request")
public class ReturnRequest extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "order_id", updatable = false)
    public long orderId;

    @Column(name = "buyer_id", updatable = false)
    public String buyerId;

    @Column(name = "seller_id", updatable = false)
    public long sellerId;

    @Column(updatable = false)
    public String reason;

    /** Changed only by {@link ReturnRepository#decide}, a conditional update. */
    @Enumerated(EnumType.STRING)
    @Column(updatable = false)
    public ReturnStatus status;

    @Column(name = "reject_reason", updatable = false)
    public String rejectReason;

    @Column(updatable = false)
    public Boolean restock;

    @Column(name = "refund_minor", updatable = false)
    public Long refundMinor;

    /** null (nothing to refund), PENDING (recorded with the acceptance, not yet refunded) or DONE. */
    @Column(name = "refund_state", updatable = false)
    public String refundState;

    @Column(name = "refund_payment_id", updatable = false)
    public String refundPaymentId;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "decided_at", updatable = false)
    public Instant decidedAt;
}
