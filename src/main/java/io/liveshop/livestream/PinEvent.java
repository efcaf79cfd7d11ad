package io.liveshop.livestream;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One entry of a stream's product timeline: a pin or unpin at an offset from going live. */
@Entity
@Table(name = "pin_event")
public class PinEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "stream_id")
    public long streamId;

    @Column(name = "product_id")
    public Long productId;

    public String action;

    @Column(name = "offset_ms")
    public long offsetMs;

    public Instant at;
}
