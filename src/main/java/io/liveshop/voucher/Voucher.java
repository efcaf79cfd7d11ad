package io.liveshop.voucher;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;

@Entity
public class Voucher extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "seller_id", nullable = false, updatable = false)
    public Long sellerId;

    @Column(updatable = false)
    public String code;

    @Enumerated(EnumType.STRING)
    @Column(updatable = false)
    public VoucherKind kind;

    @Column(name = "amount_minor", updatable = false)
    public Long amountMinor;

    @Column(updatable = false)
    public Integer percent;

    @Column(name = "min_spend_minor", updatable = false)
    public long minSpendMinor;

    @Column(updatable = false)
    public int quantity;

    /** Changed only by the claim's conditional update. */
    @Column(updatable = false)
    public int claimed;

    @Column(name = "per_buyer_limit", updatable = false)
    public int perBuyerLimit;

    @Column(name = "starts_at", updatable = false)
    public Instant startsAt;

    @Column(name = "ends_at", updatable = false)
    public Instant endsAt;

    /** Set for a live-only voucher: claimable only while this stream is LIVE, once its host dropped it. */
    @Column(name = "stream_id", updatable = false)
    public Long streamId;

    @Column(name = "dropped_at", updatable = false)
    public Instant droppedAt;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;
}
