package io.liveshop.voucher;

import io.liveshop.catalog.SellerRepository;
import io.liveshop.identity.CurrentUser;
import io.liveshop.livestream.LiveStreamService;
import io.liveshop.livestream.LiveStreamStatus;
import io.liveshop.platform.IdempotencyKey;
import io.liveshop.platform.OnVertxContext;
import io.liveshop.platform.ProblemException;
import io.liveshop.platform.cluster.Cluster;
import io.liveshop.platform.cluster.ForwardedUser;
import io.liveshop.platform.cluster.NodeCalls;
import io.liveshop.platform.cluster.Ownership;
import io.liveshop.platform.cluster.OwnershipClaims;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Vouchers: a seller creates them, a host drops a live-only one on the stream, viewers claim them. A claim is
 * answered exactly once per (buyer, request id): admission in memory (losers never cost a database round trip),
 * then the winner's claim is committed before CLAIMED is answered.
 */
@ApplicationScoped
public class VoucherService {

    private static final Logger LOG = Logger.getLogger(VoucherService.class);

    private final VoucherRepository vouchers;
    private final VoucherStore store;
    private final VoucherAdmission admission;
    private final VoucherEvents events;
    private final SellerRepository sellers;
    private final LiveStreamService streams;
    private final Ownership owners;
    private final Vertx vertx;

    VoucherService(VoucherRepository vouchers, VoucherStore store, VoucherAdmission admission, VoucherEvents events,
            SellerRepository sellers, LiveStreamService streams, Cluster cluster, NodeCalls calls, Vertx vertx,
            OwnershipClaims claims) {
        this.owners = new Ownership(cluster, calls, claims, Cluster.VOUCHER_OWNERS, "voucher");
        this.vertx = vertx;
        this.vouchers = vouchers;
        this.store = store;
        this.admission = admission;
        this.events = events;
        this.sellers = sellers;
        this.streams = streams;
    }

    // ---------- create, view, drop ----------

    /** A created voucher, and whether it answers an identical earlier create (same code, same terms). */
    public record Created(Voucher voucher, boolean replayed) {
    }

    /**
     * Creates a voucher. Creating the same code again with the same terms answers the voucher (a retry); other terms
     * under a taken code are 409 {@code code-taken}. A concurrent duplicate loses on the unique code and is answered
     * the same way.
     */
    public Uni<Created> create(CurrentUser seller, VoucherRequest r) {
        return Panache.withTransaction(() -> createIn(seller, r))
                .onFailure(failure -> !(failure instanceof ProblemException)).recoverWithUni(failure -> Panache
                        .withSession(() -> sellers.findByOwner(seller.id()).flatMap(shop -> shop == null
                                ? Uni.createFrom().<Voucher>nullItem() : vouchers.findByCode(shop.id, r.code())))
                        .map(existing -> {
                            if (existing == null || !sameTerms(existing, r)) {
                                throw failure instanceof RuntimeException e ? e : new IllegalStateException(failure);
                            }
                            return new Created(existing, true);
                        }));
    }

    private static boolean sameTerms(Voucher v, VoucherRequest r) {
        return v.kind == r.kind() && Objects.equals(v.amountMinor, r.amountMinor())
                && Objects.equals(v.percent, r.percent())
                && v.minSpendMinor == (r.minSpendMinor() == null ? 0 : r.minSpendMinor())
                && v.quantity == r.quantity() && v.perBuyerLimit == r.perBuyerLimit()
                && micros(v.startsAt).equals(micros(r.startsAt())) && micros(v.endsAt).equals(micros(r.endsAt()))
                && Objects.equals(v.streamId, r.streamId());
    }

    /** PostgreSQL keeps microseconds. */
    private static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    private Uni<Created> createIn(CurrentUser seller, VoucherRequest r) {
        if (r.kind() == VoucherKind.FIXED && (r.amountMinor() == null || r.percent() != null)) {
            throw ProblemException.invalidField("amountMinor", "a FIXED voucher takes amountMinor and no percent");
        }
        if (r.kind() == VoucherKind.PERCENT && (r.percent() == null || r.amountMinor() != null)) {
            throw ProblemException.invalidField("percent", "a PERCENT voucher takes percent and no amountMinor");
        }
        if (!r.endsAt().isAfter(r.startsAt())) {
            throw ProblemException.invalidField("endsAt", "must be after startsAt");
        }
        if (!r.endsAt().isAfter(Instant.now())) {
            throw ProblemException.invalidField("endsAt", "must be in the future");
        }
        return sellers.findByOwner(seller.id()).flatMap(shop -> {
            if (shop == null) {
                throw ProblemException.conflict("no-shop", "Create your shop with POST /api/sellers first");
            }
            Uni<Void> streamOk = r.streamId() == null ? Uni.createFrom().voidItem()
                    : streams.requireController(r.streamId(), seller).invoke(stream -> {
                        // A stream sells only its host's shop: a co-host's own shop gets no voucher on it.
                        if (!stream.hostId.equals(seller.id())) {
                            throw ProblemException.forbidden("A live-only voucher is of the stream's host's shop");
                        }
                        if (stream.status == LiveStreamStatus.ENDED) {
                            throw ProblemException.conflict("stream-ended", "The stream has ended");
                        }
                    }).replaceWithVoid();
            return streamOk.flatMap(x -> vouchers.findByCode(shop.id, r.code())).flatMap(taken -> {
                if (taken != null && sameTerms(taken, r)) {
                    return Uni.createFrom().item(new Created(taken, true));
                }
                if (taken != null) {
                    throw ProblemException.conflict("code-taken", "Your shop already has a voucher " + r.code()
                            + " with other terms");
                }
                Voucher v = new Voucher();
                v.sellerId = shop.id;
                v.code = r.code();
                v.kind = r.kind();
                v.amountMinor = r.amountMinor();
                v.percent = r.percent();
                v.minSpendMinor = r.minSpendMinor() == null ? 0 : r.minSpendMinor();
                v.quantity = r.quantity();
                v.perBuyerLimit = r.perBuyerLimit();
                v.startsAt = r.startsAt();
                v.endsAt = r.endsAt();
                v.streamId = r.streamId();
                v.createdAt = Instant.now();
                return vouchers.persist(v).map(saved -> new Created(saved, false));
            });
        });
    }

    public Uni<VoucherView> get(long voucherId) {
        return owners.route(voucherId, () -> slot(voucherId).map(VoucherView::of), "view", () -> Map.of(),
                VoucherView.class);
    }

    /** For snapshots: the voucher if it can be claimed now, else null (asked of its owner in a cluster). */
    Uni<VoucherView> claimableView(long voucherId) {
        return owners.route(voucherId, () -> slot(voucherId).map(slot -> slot.claimable(Instant.now())
                ? VoucherView.of(slot) : null), "claimable", () -> Map.of(), VoucherView.class);
    }

    /** The host drops a live-only voucher on its LIVE stream; viewers see it at once. Dropping again is a no-op. */
    public Uni<VoucherView> drop(CurrentUser host, long streamId, long voucherId) {
        return owners.route(voucherId, () -> dropHere(host, streamId, voucherId), "drop",
                () -> new ForwardedDrop(ForwardedUser.of(host), streamId), VoucherView.class);
    }

    /** A drop forwarded to the voucher's owner node. */
    public record ForwardedDrop(@NotNull ForwardedUser host, long streamId) {
    }

    private Uni<VoucherView> dropHere(CurrentUser host, long streamId, long voucherId) {
        return requireDroppable(host, streamId, voucherId)
                .flatMap(x -> slot(voucherId))
                .flatMap(x -> store.markDropped(voucherId))
                .map(first -> {
                    admission.update(voucherId, VoucherSlot::markDropped);
                    VoucherSlot slot = admission.slot(voucherId);
                    VoucherView view = VoucherView.of(slot);
                    if (first) {
                        events.publish(VoucherDropped.of(slot, slot.claimable(Instant.now()) ? view : null));
                    }
                    return view;
                });
    }

    /** The stream ended: every live-only voucher dropped on it is closed NOT_LIVE by its owner. */
    Uni<Void> streamEnded(long streamId) {
        return store.droppedOn(streamId, Instant.now()).flatMap(ids -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (long id : ids) {
                chain = chain.call(() -> owners.route(id, () -> notLiveHere(id), "not-live", () -> Map.of(),
                        VoucherView.class));
            }
            return chain;
        });
    }

    /** Marks the voucher NOT_LIVE here, if this node holds it; a node that loads it later learns it from a claim. */
    Uni<VoucherView> notLiveHere(long voucherId) {
        if (admission.slot(voucherId) == null) {
            return Uni.createFrom().nullItem();
        }
        admission.update(voucherId, VoucherSlot::markNotLive);
        return Uni.createFrom().item(VoucherView.of(admission.slot(voucherId)));
    }

    @WithSession
    public Uni<Void> requireDroppable(CurrentUser host, long streamId, long voucherId) {
        return vouchers.findById(voucherId).flatMap(v -> {
            if (v == null) {
                throw ProblemException.notFound("Voucher " + voucherId);
            }
            if (v.streamId == null || v.streamId != streamId) {
                throw ProblemException.conflict("not-for-this-stream", "Voucher " + voucherId
                        + " is not a live-only voucher of stream " + streamId);
            }
            return streams.requireController(streamId, host).map(stream -> {
                if (stream.status != LiveStreamStatus.LIVE) {
                    throw ProblemException.conflict("stream-not-live", "Vouchers are dropped while the stream is LIVE");
                }
                return null;
            });
        });
    }

    public Uni<VoucherInvariant> invariant(long voucherId) {
        return owners.route(voucherId, () -> invariantHere(voucherId), "invariant", () -> Map.of(),
                VoucherInvariant.class);
    }

    private Uni<VoucherInvariant> invariantHere(long voucherId) {
        return slot(voucherId).flatMap(slot -> store.counts(voucherId)
                .map(db -> VoucherInvariant.of(admission.slot(voucherId), db)));
    }

    /** The voucher's admission state, loaded from the database once. */
    Uni<VoucherSlot> slot(long voucherId) {
        VoucherSlot slot = admission.slot(voucherId);
        if (slot != null) {
            return Uni.createFrom().item(slot);
        }
        return load(voucherId).flatMap(v -> {
            if (v == null) {
                throw ProblemException.notFound("Voucher " + voucherId);
            }
            return store.buyerCounts(voucherId).map(counts -> {
                admission.load(VoucherSlot.of(v), counts);
                return admission.slot(voucherId);
            });
        });
    }

    @WithSession
    public Uni<Voucher> load(long voucherId) {
        return vouchers.findById(voucherId);
    }

    // ---------- claiming ----------

    /** A claim over REST or on the buyer's socket: claim the request id → rate window → admission → durable claim. */
    public Uni<ClaimAnswer> claim(CurrentUser buyer, long voucherId, String requestId) {
        if (requestId == null) {
            throw ProblemException.invalidField(IdempotencyKey.HEADER, "is required to claim a voucher");
        }
        IdempotencyKey.validate(requestId);
        return owners.route(voucherId, () -> claimHere(buyer, voucherId, requestId), "claim",
                () -> new ForwardedClaim(ForwardedUser.of(buyer), requestId), ClaimAnswer.class);
    }

    /** A claim forwarded to the voucher's owner node. */
    public record ForwardedClaim(@NotNull ForwardedUser buyer, @NotNull String requestId) {
    }

    /**
     * Cluster: vouchers whose owner left are taken over by a survivor, which loads them from the database (its
     * clock then publishes their counts).
     */
    void membersChanged(@Observes Cluster.MembersChanged change) {
        owners.takeOver(change.left(), id -> OnVertxContext.call(vertx, () -> slot(id)));
    }

    private Uni<ClaimAnswer> claimHere(CurrentUser buyer, long voucherId, String requestId) {
        VoucherAdmission.AnswerEntry mine = admission.pendingAnswer(voucherId);
        VoucherAdmission.AnswerEntry earlier = admission.claimAnswer(buyer.id(), requestId, mine);
        if (earlier != null) {
            return replay(earlier, voucherId);
        }
        if (!admission.tryAttempt(buyer.id(), System.currentTimeMillis())) {
            admission.forgetAnswer(buyer.id(), requestId, mine);
            ClaimAnswer limited = ClaimAnswer.of(voucherId, requestId, ClaimOutcome.RATE_LIMITED);
            mine.answer().complete(limited);
            return Uni.createFrom().item(limited);
        }
        return Uni.createFrom().deferred(() -> admit(buyer, voucherId, requestId, true))
                .onItemOrFailure().invoke((answer, failure) -> {
                    if (failure != null) {
                        admission.forgetAnswer(buyer.id(), requestId, mine);
                        mine.answer().completeExceptionally(failure);
                    } else {
                        mine.answer().complete(answer);
                    }
                });
    }

    private Uni<ClaimAnswer> admit(CurrentUser buyer, long voucherId, String requestId, boolean mayLoad) {
        return switch (admission.admit(voucherId, buyer.id(), Instant.now())) {
            case ADMITTED -> write(buyer, voucherId, requestId);
            case UNKNOWN -> mayLoad ? slot(voucherId).flatMap(s -> admit(buyer, voucherId, requestId, false))
                    : Uni.createFrom().failure(ProblemException.notFound("Voucher " + voucherId));
            case GONE -> answer(voucherId, requestId, ClaimOutcome.GONE);
            case LIMIT_REACHED -> answer(voucherId, requestId, ClaimOutcome.LIMIT_REACHED);
            case NOT_OPEN -> answer(voucherId, requestId, ClaimOutcome.NOT_OPEN);
            case ENDED -> answer(voucherId, requestId, ClaimOutcome.ENDED);
            case NOT_LIVE -> answer(voucherId, requestId, ClaimOutcome.NOT_LIVE);
        };
    }

    private Uni<ClaimAnswer> write(CurrentUser buyer, long voucherId, String requestId) {
        return store.writeClaim(voucherId, buyer.id(), requestId)
                .onFailure().transform(failure -> {
                    admission.notWritten(voucherId, buyer.id());
                    LOG.debugf(failure, "Claim of voucher %d not recorded", voucherId);
                    return new ProblemException(503, "Service Unavailable", "claim-write-failed",
                            "Your claim could not be recorded; try again", null);
                })
                .flatMap(written -> switch (written.outcome()) {
                    case INSERTED -> {
                        admission.written(voucherId);
                        yield Uni.createFrom().item(new ClaimAnswer(voucherId, requestId, ClaimOutcome.CLAIMED,
                                written.claimId(), false));
                    }
                    case GONE -> {
                        // memory thought a unit was left (another node, or a stale load): trust the database
                        admission.notWritten(voucherId, buyer.id());
                        yield answer(voucherId, requestId, ClaimOutcome.GONE);
                    }
                    case NOT_LIVE -> {
                        admission.notWritten(voucherId, buyer.id());
                        admission.update(voucherId, VoucherSlot::markNotLive);
                        yield answer(voucherId, requestId, ClaimOutcome.NOT_LIVE);
                    }
                    case KEY_EXISTS -> {
                        admission.notWritten(voucherId, buyer.id());
                        yield store.existing(buyer.id(), requestId).map(existing -> {
                            if (existing == null || existing.voucherId() != voucherId) {
                                throw ProblemException.unprocessable("idempotency-key-reused",
                                        "This Idempotency-Key was used with a different request");
                            }
                            return new ClaimAnswer(voucherId, requestId, ClaimOutcome.CLAIMED, existing.claimId(), true);
                        });
                    }
                });
    }

    private static Uni<ClaimAnswer> answer(long voucherId, String requestId, ClaimOutcome outcome) {
        return Uni.createFrom().item(ClaimAnswer.of(voucherId, requestId, outcome));
    }

    private static Uni<ClaimAnswer> replay(VoucherAdmission.AnswerEntry earlier, long voucherId) {
        if (earlier.voucherId() != voucherId) {
            throw ProblemException.unprocessable("idempotency-key-reused",
                    "This Idempotency-Key was used with a different request");
        }
        CompletableFuture<ClaimAnswer> first = earlier.answer();
        if (first.isDone() && !first.isCompletedExceptionally()) {
            return Uni.createFrom().item(first.join().asReplay());
        }
        Context caller = Vertx.currentContext();
        Uni<ClaimAnswer> waiting = Uni.createFrom().completionStage(first).map(ClaimAnswer::asReplay);
        return caller == null ? waiting : waiting.emitOn(task -> caller.runOnContext(v -> task.run()));
    }
}
