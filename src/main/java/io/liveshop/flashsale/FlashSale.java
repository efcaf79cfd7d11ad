package io.liveshop.flashsale;

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

/**
 * A flash sale as stored. Counters ({@code allocated}, {@code returned}) and {@code status} change only through
 * conditional SQL in {@link SaleStore} and {@link SaleUnitsReturn}, so the entity maps them read-only.
 */
@Entity
@Table(name = "flash_sale")
public class FlashSale extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "stream_id", updatable = false)
    public long streamId;

    @Column(name = "product_id", updatable = false)
    public long productId;

    @Column(name = "seller_id", updatable = false)
    public long sellerId;

    @Column(name = "host_id", updatable = false)
    public String hostId;

    @Column(updatable = false)
    public String title;

    @Column(name = "price_minor", updatable = false)
    public long priceMinor;

    @Column(updatable = false)
    public String currency;

    @Column(name = "initial_allocation", updatable = false)
    public int initialAllocation;

    @Column(updatable = false)
    public int allocated;

    @Column(updatable = false)
    public int returned;

    @Column(name = "per_buyer_limit", updatable = false)
    public int perBuyerLimit;

    @Enumerated(EnumType.STRING)
    @Column(updatable = false)
    public SaleStatus status;

    @Column(name = "opens_at", updatable = false)
    public Instant opensAt;

    @Column(name = "ends_at", updatable = false)
    public Instant endsAt;

    @Column(name = "ended_at", updatable = false)
    public Instant endedAt;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;
}
