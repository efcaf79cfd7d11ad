package io.liveshop.livestream;

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

@Entity
@Table(name = "live_stream")
public class LiveStream extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "host_id", nullable = false, updatable = false)
    public String hostId;

    public String title;

    @Column(name = "scheduled_start")
    public Instant scheduledStart;

    @Enumerated(EnumType.STRING)
    public LiveStreamStatus status;

    @Column(name = "went_live_at")
    public Instant wentLiveAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "pinned_product_id")
    public Long pinnedProductId;

    @Column(name = "playback_url")
    public String playbackUrl;

    @Column(name = "created_at", updatable = false)
    public Instant createdAt;
}
