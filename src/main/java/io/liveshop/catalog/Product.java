package io.liveshop.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
public class Product extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "seller_id", nullable = false, updatable = false)
    public Long sellerId;

    public String title;

    public String description;

    @Column(name = "price_minor")
    public long priceMinor;

    public String currency;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "media_urls")
    public String[] mediaUrls;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] hashtags;

    @Enumerated(EnumType.STRING)
    public ProductStatus status;

    @Column(name = "initial_stock", updatable = false)
    public int initialStock;

    /** Units available to buy now; changed only by conditional SQL updates, never read-modify-write. */
    @Column(insertable = true, updatable = false)
    public int stock;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
