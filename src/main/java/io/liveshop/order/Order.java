package io.liveshop.order;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@Entity
@Table(name = "orders")
public class Order extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "buyer_id", nullable = false, updatable = false)
    public String buyerId;

    @Column(name = "seller_id", nullable = false, updatable = false)
    public Long sellerId;

    /** Changed only through conditional updates in {@link OrderRepository#transition}. */
    @Enumerated(EnumType.STRING)
    @Column(updatable = false)
    public OrderStatus status;

    @Enumerated(EnumType.STRING)
    @Column(updatable = false)
    public OrderSource source;

    @Column(name = "sale_id", updatable = false)
    public Long saleId;

    @Column(updatable = false)
    public String currency;

    @Column(name = "total_minor", updatable = false)
    public long totalMinor;

    @Column(name = "idempotency_key", updatable = false)
    public String idempotencyKey;

    @Column(name = "request_fingerprint", updatable = false)
    public String requestFingerprint;

    @Column(name = "payment_id", updatable = false)
    public String paymentId;

    @Column(name = "expires_at", updatable = false)
    public Instant expiresAt;

    @Column(name = "paid_at", updatable = false)
    public Instant paidAt;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", updatable = false)
    public Instant updatedAt;

    /** Set for orders created by a checkout (one per seller of one charge). */
    @Column(name = "checkout_id", updatable = false)
    public Long checkoutId;

    @Column(name = "subtotal_minor", updatable = false)
    public Long subtotalMinor;

    @Column(name = "shipping_minor", updatable = false)
    public long shippingMinor;

    @Column(name = "discount_minor", updatable = false)
    public long discountMinor;

    @Column(name = "address_id", updatable = false)
    public Long addressId;

    /** The address label as it was when the order was paid. */
    @Column(name = "ship_to", updatable = false)
    public String shipTo;

    @Column(updatable = false)
    public String carrier;

    @Column(name = "tracking_number", updatable = false)
    public String trackingNumber;

    @OneToMany(mappedBy = "order", cascade = CascadeType.PERSIST)
    public List<OrderLine> lines = new ArrayList<>();

    public void addLine(OrderLine line) {
        line.order = this;
        lines.add(line);
    }
}
