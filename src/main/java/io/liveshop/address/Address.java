package io.liveshop.address;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;

/** A buyer's saved shipping address; at most one per buyer is the default (a partial unique index says so). */
@Entity
public class Address extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "buyer_id", nullable = false, updatable = false)
    public String buyerId;

    public String name;

    public String line1;

    public String line2;

    public String city;

    public String region;

    @Column(name = "postal_code")
    public String postalCode;

    public String country;

    /** Changed only by {@link AddressRepository#makeDefault}, so the one-default rule holds under concurrency. */
    @Column(name = "is_default", updatable = false)
    public boolean isDefault;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;

    /** The Idempotency-Key it was created with, if any: a retry with that key answers this address. */
    @Column(name = "idempotency_key", updatable = false)
    public String idempotencyKey;

    @Column(name = "request_fingerprint", updatable = false)
    public String requestFingerprint;

    /** One line for a parcel label, stored on the order so a later edit never moves a shipped parcel. */
    public String label() {
        StringBuilder s = new StringBuilder(name).append(", ").append(line1);
        if (line2 != null && !line2.isBlank()) {
            s.append(", ").append(line2);
        }
        s.append(", ").append(postalCode).append(' ').append(city);
        if (region != null && !region.isBlank()) {
            s.append(", ").append(region);
        }
        return s.append(", ").append(country).toString();
    }
}
