package io.liveshop.livestream;

import io.liveshop.catalog.Product;
import io.liveshop.catalog.ProductRepository;
import io.liveshop.catalog.ProductStatus;
import io.liveshop.catalog.SellerRepository;
import io.liveshop.identity.CurrentUser;
import io.liveshop.moderation.AuditLog;
import io.liveshop.moderation.ModerationAct;
import io.liveshop.moderation.ModerationRequest;
import io.liveshop.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Streams, their showcase and their pinned product. Writes commit first and publish their event after, so the
 * host's answer never waits for viewers and viewers never see what was not committed.
 */
@ApplicationScoped
public class LiveStreamService {

    private final LiveStreamRepository streams;
    private final ProductRepository products;
    private final SellerRepository sellers;
    private final StreamEvents events;
    private final AuditLog audit;
    private final PinStore pins;

    LiveStreamService(LiveStreamRepository streams, ProductRepository products, SellerRepository sellers,
            StreamEvents events, AuditLog audit, PinStore pins) {
        this.streams = streams;
        this.products = products;
        this.sellers = sellers;
        this.events = events;
        this.audit = audit;
        this.pins = pins;
    }

    @WithTransaction
    public Uni<LiveStream> create(CurrentUser host, CreateStreamRequest request) {
        List<Long> showcase = request.showcase() == null ? List.of() : request.showcase().stream().distinct().toList();
        return requireSellable(showcase, host.id()).flatMap(ok -> {
            LiveStream stream = new LiveStream();
            stream.hostId = host.id();
            stream.title = request.title().strip();
            stream.scheduledStart = request.scheduledStart();
            stream.playbackUrl = PlaybackUrl.validate(request.playbackUrl());
            stream.status = LiveStreamStatus.SCHEDULED;
            stream.createdAt = Instant.now();
            return streams.persist(stream).call(s -> Multi.createFrom().iterable(showcase)
                    .onItem().transformToUniAndConcatenate(productId -> {
                        ShowcaseItem item = new ShowcaseItem();
                        item.streamId = s.id;
                        item.productId = productId;
                        return item.persist();
                    }).collect().last());
        });
    }

    @WithSession
    public Uni<StreamView> view(long streamId) {
        return find(streamId).flatMap(stream -> streams.showcase(streamId).flatMap(showcase -> streams.coHosts(streamId)
                .map(coHosts -> new StreamView(stream.id, stream.hostId, stream.title, stream.scheduledStart,
                        stream.status, stream.wentLiveAt, stream.endedAt, stream.pinnedProductId, showcase, coHosts,
                        stream.playbackUrl))));
    }

    /** The stream, if the user runs it (its host or a co-host): else 403. An admin does not act for a host. */
    @WithSession
    public Uni<LiveStream> requireController(long streamId, CurrentUser user) {
        return find(streamId).flatMap(stream -> isController(stream, user).map(controller -> {
            if (!controller) {
                throw notController();
            }
            return stream;
        }));
    }

    /** Whether the user is the stream's host or a co-host (false for an unknown stream). */
    @WithSession
    public Uni<Boolean> runsStream(long streamId, CurrentUser user) {
        return streams.findById(streamId)
                .flatMap(stream -> stream == null ? Uni.createFrom().item(false) : isController(stream, user));
    }

    private Uni<Boolean> isController(LiveStream stream, CurrentUser user) {
        if (stream.hostId.equals(user.id())) {
            return Uni.createFrom().item(true);
        }
        return streams.isCoHost(stream.id, user.id());
    }

    @WithSession
    public Uni<Boolean> inShowcase(long streamId, long productId) {
        return streams.inShowcase(streamId, productId);
    }

    public Uni<StreamView> goLive(CurrentUser user, long streamId) {
        return goLiveTx(user, streamId)
                .invoke(() -> events.publish(new StreamStatusChanged(streamId, LiveStreamStatus.LIVE)))
                .flatMap(v -> view(streamId));
    }

    /** Ends a live stream: its host or a co-host, or an admin as moderation (recorded with the reason). */
    public Uni<StreamView> end(CurrentUser user, long streamId, ModerationRequest request) {
        return endTx(user, streamId, request)
                .invoke(() -> events.publish(new StreamStatusChanged(streamId, LiveStreamStatus.ENDED)))
                .flatMap(v -> view(streamId));
    }

    @WithTransaction
    public Uni<Void> goLiveTx(CurrentUser user, long streamId) {
        return requireController(streamId, user)
                .invoke(stream -> move(stream, LiveStreamStatus.SCHEDULED, LiveStreamStatus.LIVE)).replaceWithVoid();
    }

    @WithTransaction
    public Uni<Void> endTx(CurrentUser user, long streamId, ModerationRequest request) {
        return find(streamId).flatMap(stream -> isController(stream, user).flatMap(controller -> {
            if (!controller && !user.admin()) {
                throw ProblemException.forbidden("Only the stream's host or co-hosts, or an admin, may end it");
            }
            move(stream, LiveStreamStatus.LIVE, LiveStreamStatus.ENDED);
            return controller ? Uni.createFrom().voidItem()
                    : audit.record(ModerationAct.of(user, ModerationAct.Action.STREAM_END, streamId, request));
        }));
    }

    private static void move(LiveStream stream, LiveStreamStatus from, LiveStreamStatus to) {
        if (stream.status != from) {
            throw ProblemException.conflict("illegal-transition", "Stream is " + stream.status
                    + " and cannot become " + to);
        }
        stream.status = to;
        if (to == LiveStreamStatus.LIVE) {
            stream.wentLiveAt = Instant.now();
        } else {
            stream.endedAt = Instant.now();
        }
    }

    /** Only the owner adds co-hosts; viewers and readers are told once it is committed. */
    public Uni<StreamView> addCoHost(CurrentUser user, long streamId, String coHostId) {
        return addCoHostTx(user, streamId, coHostId).flatMap(v -> view(streamId))
                .invoke(view -> events.publish(new CoHostsChanged(streamId, view.coHosts())));
    }

    @WithTransaction
    public Uni<Void> addCoHostTx(CurrentUser user, long streamId, String coHostId) {
        return requireOwner(user, streamId).flatMap(stream -> {
            return streams.isCoHost(streamId, coHostId).flatMap(already -> {
                if (already || coHostId.equals(stream.hostId)) {
                    return Uni.createFrom().voidItem();
                }
                CoHost coHost = new CoHost();
                coHost.streamId = streamId;
                coHost.userId = coHostId;
                return coHost.persist().replaceWithVoid();
            });
        });
    }

    /** Only the owner removes co-hosts; removing one who is not a co-host changes nothing. */
    public Uni<StreamView> removeCoHost(CurrentUser user, long streamId, String coHostId) {
        return removeCoHostTx(user, streamId, coHostId).flatMap(v -> view(streamId))
                .invoke(view -> events.publish(new CoHostsChanged(streamId, view.coHosts())));
    }

    @WithTransaction
    public Uni<Void> removeCoHostTx(CurrentUser user, long streamId, String coHostId) {
        return requireOwner(user, streamId).flatMap(stream -> streams.removeCoHost(streamId, coHostId))
                .replaceWithVoid();
    }

    private Uni<LiveStream> requireOwner(CurrentUser user, long streamId) {
        return find(streamId).invoke(stream -> {
            if (!stream.hostId.equals(user.id())) {
                throw ProblemException.forbidden("Only the stream's owner may manage its co-hosts");
            }
        });
    }

    public Uni<StreamView> addToShowcase(CurrentUser user, long streamId, long productId) {
        return addToShowcaseTx(user, streamId, productId).call(() -> publishShowcase(streamId)).flatMap(v -> view(streamId));
    }

    @WithTransaction
    public Uni<Void> addToShowcaseTx(CurrentUser user, long streamId, long productId) {
        return requireOpen(user, streamId).flatMap(stream -> requireSellable(List.of(productId), stream.hostId))
                .flatMap(ok -> streams.inShowcase(streamId, productId)).flatMap(present -> {
                    if (present) {
                        return Uni.createFrom().voidItem();
                    }
                    ShowcaseItem item = new ShowcaseItem();
                    item.streamId = streamId;
                    item.productId = productId;
                    return item.persist().replaceWithVoid();
                });
    }

    public Uni<StreamView> removeFromShowcase(CurrentUser user, long streamId, long productId) {
        return removeFromShowcaseTx(user, streamId, productId).call(() -> publishShowcase(streamId))
                .flatMap(v -> view(streamId));
    }

    @WithTransaction
    public Uni<Void> removeFromShowcaseTx(CurrentUser user, long streamId, long productId) {
        return requireOpen(user, streamId).flatMap(stream -> {
            if (Long.valueOf(productId).equals(stream.pinnedProductId)) {
                throw ProblemException.conflict("product-pinned", "Unpin the product before removing it");
            }
            return streams.removeFromShowcase(streamId, productId).replaceWithVoid();
        });
    }

    /**
     * Pins a showcase product (replacing any pinned one) in one statement ({@link PinStore}); answers once committed,
     * viewers are told after.
     */
    public Uni<ProductPinned> pin(CurrentUser user, long streamId, long productId) {
        return pins.pin(streamId, productId, user.id()).map(attempt -> {
            if (attempt == null) {
                throw ProblemException.notFound("Stream " + streamId);
            }
            if (!attempt.controller()) {
                throw notController();
            }
            if (!LiveStreamStatus.LIVE.name().equals(attempt.status())) {
                throw notLiveForPins();
            }
            if (!attempt.inShowcase() || attempt.card() == null) {
                throw ProblemException.conflict("not-in-showcase", "Add the product to the showcase first");
            }
            if (!attempt.sellerId().equals(attempt.hostShop())) {
                throw otherShop(productId);
            }
            if (attempt.offsetMs() == null) { // ended between the checks and the update
                throw notLiveForPins();
            }
            return new ProductPinned(streamId, attempt.card(), attempt.offsetMs());
        }).invoke(events::publish);
    }

    public Uni<ProductUnpinned> unpin(CurrentUser user, long streamId) {
        return unpinTx(user, streamId).invoke(e -> {
            if (e != null) {
                events.publish(e);
            }
        });
    }

    @WithTransaction
    public Uni<ProductUnpinned> unpinTx(CurrentUser user, long streamId) {
        return requireController(streamId, user).flatMap(stream -> {
            if (stream.pinnedProductId == null) {
                return Uni.createFrom().nullItem();
            }
            long productId = stream.pinnedProductId;
            long offset = offsetOf(stream);
            stream.pinnedProductId = null;
            return record(streamId, productId, "UNPIN", offset)
                    .replaceWith(new ProductUnpinned(streamId, productId, offset));
        });
    }

    @WithSession
    public Uni<List<TimelineEntry>> timeline(long streamId) {
        return find(streamId).flatMap(s -> streams.timeline(streamId))
                .map(list -> list.stream().map(e -> new TimelineEntry(e.action, e.productId, e.offsetMs, e.at)).toList());
    }

    /** What a joining viewer sees of the stream, read from the database. */
    @WithSession
    public Uni<StreamSnapshot> snapshot(long streamId) {
        return find(streamId).flatMap(stream -> showcaseCards(streamId).map(showcase -> {
            // a pinned product is always in the showcase: it cannot be removed while pinned
            ProductCard pinned = showcase.stream().filter(c -> Long.valueOf(c.id()).equals(stream.pinnedProductId))
                    .findFirst().orElse(null);
            return new StreamSnapshot(stream.id, stream.title, stream.hostId, stream.status, stream.wentLiveAt, pinned,
                    showcase, stream.playbackUrl);
        }));
    }

    /** Streams still running that showcase a product: used to route its stock changes to viewers. */
    @WithSession
    public Uni<List<Long>> activeStreamsShowing(long productId) {
        return streams.activeStreamsShowing(productId);
    }

    @WithSession
    public Uni<Void> publishShowcase(long streamId) {
        return showcaseCards(streamId).invoke(cards -> events.publish(new ShowcaseChanged(streamId, cards)))
                .replaceWithVoid();
    }

    /** The showcase as cards, in the order products were added. */
    private Uni<List<ProductCard>> showcaseCards(long streamId) {
        return streams.showcase(streamId).flatMap(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<ProductCard>of())
                : products.list("id in ?1", ids).map(found -> {
                    Map<Long, ProductCard> byId = found.stream().map(ProductCard::of)
                            .collect(Collectors.toMap(ProductCard::id, Function.identity()));
                    return ids.stream().map(byId::get).filter(c -> c != null).toList();
                }));
    }

    private Uni<Void> record(long streamId, long productId, String action, long offset) {
        PinEvent event = new PinEvent();
        event.streamId = streamId;
        event.productId = productId;
        event.action = action;
        event.offsetMs = offset;
        event.at = Instant.now();
        return event.persist().replaceWithVoid();
    }

    private static long offsetOf(LiveStream stream) {
        return stream.wentLiveAt == null ? 0 : Duration.between(stream.wentLiveAt, Instant.now()).toMillis();
    }

    private Uni<LiveStream> find(long streamId) {
        return streams.findById(streamId).map(stream -> {
            if (stream == null) {
                throw ProblemException.notFound("Stream " + streamId);
            }
            return stream;
        });
    }

    private Uni<LiveStream> requireOpen(CurrentUser user, long streamId) {
        return requireController(streamId, user).invoke(stream -> {
            if (stream.status == LiveStreamStatus.ENDED) {
                throw ProblemException.conflict("stream-ended", "The stream has ended");
            }
        });
    }

    /** Active products of the shop of {@code hostId}: 400 for a missing or inactive one, 403 for another shop's. */
    private Uni<Boolean> requireSellable(List<Long> productIds, String hostId) {
        if (productIds.isEmpty()) {
            return Uni.createFrom().item(true);
        }
        return products.list("id in ?1", productIds).flatMap(found -> {
            java.util.Set<Long> active = new HashSet<>();
            for (Product p : found) {
                if (p.status == ProductStatus.ACTIVE) {
                    active.add(p.id);
                }
            }
            for (Long id : productIds) {
                if (!active.contains(id)) {
                    throw ProblemException.invalidField("showcase", "product " + id + " is not an active product");
                }
            }
            return requireOwnShop(found, hostId).replaceWith(true);
        });
    }

    /**
     * A stream shows and sells only products of its owner's shop: the seller account whose owner is the stream's
     * host (co-hosts act for that shop). Anything else is 403.
     */
    @WithSession
    public Uni<Void> requireOwnShopProduct(String hostId, long productId) {
        return products.findById(productId).flatMap(product -> product == null
                ? Uni.createFrom().failure(ProblemException.notFound("Product " + productId))
                : requireOwnShop(List.of(product), hostId));
    }

    private Uni<Void> requireOwnShop(List<Product> found, String hostId) {
        return sellers.findByOwner(hostId).invoke(shop -> {
            for (Product p : found) {
                if (p != null && (shop == null || !p.sellerId.equals(shop.id))) {
                    throw otherShop(p.id);
                }
            }
        }).replaceWithVoid();
    }

    private static ProblemException notController() {
        return ProblemException.forbidden("Only the stream's host or co-hosts may do this");
    }

    private static ProblemException notLiveForPins() {
        return ProblemException.conflict("stream-not-live", "Products can be pinned only while the stream is LIVE");
    }

    private static ProblemException otherShop(long productId) {
        return ProblemException.forbidden("Product " + productId + " belongs to another shop: a stream shows"
                + " and sells only its host's own products");
    }
}
