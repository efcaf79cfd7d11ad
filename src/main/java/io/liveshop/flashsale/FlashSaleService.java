package io.liveshop.flashsale;

import io.liveshop.catalog.ProductRepository;
import io.liveshop.catalog.ProductStatus;
import io.liveshop.identity.CurrentUser;
import io.liveshop.order.OrderEvents;
import io.liveshop.order.OrderSource;
import io.liveshop.order.OrderStatus;
import io.liveshop.order.OrderStatusChanged;
import io.liveshop.platform.Fingerprint;
import io.liveshop.platform.IdempotencyKey;
import io.liveshop.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Flash sales: start (units taken from the product), buy (in-memory admission, batched durable orders), end
 * (unsold units back to the product) and reconciliation. A buy is answered exactly once per (buyer, request id).
 */
@ApplicationScoped
public class FlashSaleService {

    private static final Logger LOG = Logger.getLogger(FlashSaleService.class);

    private final FlashSaleRepository sales;
    private final ProductRepository products;
    private final SaleHostAccess hostAccess;
    private final SaleAdmission admission;
    private final SaleOrderBatcher batcher;
    private final SaleStore store;
    private final SaleRecovery recovery;
    private final SaleMetrics metrics;
    private final SaleEvents saleEvents;
    private final OrderEvents orderEvents;

    FlashSaleService(FlashSaleRepository sales, ProductRepository products, SaleHostAccess hostAccess,
            SaleAdmission admission, SaleOrderBatcher batcher, SaleStore store, SaleRecovery recovery,
            SaleMetrics metrics, SaleEvents saleEvents, OrderEvents orderEvents) {
        this.sales = sales;
        this.products = products;
        this.hostAccess = hostAccess;
        this.admission = admission;
        this.batcher = batcher;
        this.store = store;
        this.recovery = recovery;
        this.metrics = metrics;
        this.saleEvents = saleEvents;
        this.orderEvents = orderEvents;
    }

    // ---------- start, view, end ----------

    public Uni<SaleView> start(CurrentUser host, SaleRequest request) {
        int countdown = request.countdownSeconds() == null ? 0 : request.countdownSeconds();
        if (countdown != 0 && countdown < 10) {
            throw ProblemException.invalidField("countdownSeconds", "must be 0 (open now) or 10 to 300");
        }
        return createSale(host, request, countdown).map(sale -> {
            SaleSlot slot = SaleSlot.of(sale, false, sale.allocated, 0, 0);
            admission.put(slot);
            metrics.track(sale.id);
            saleEvents.publish(new SaleAnnounced(sale.streamId, sale.id, sale.productId, sale.title, sale.priceMinor,
                    sale.currency, sale.allocated, sale.perBuyerLimit, countdown, sale.opensAt, sale.endsAt));
            return SaleView.of(slot, Instant.now());
        });
    }

    @WithTransaction
    public Uni<FlashSale> createSale(CurrentUser host, SaleRequest request, int countdown) {
        long productId = request.productId();
        return hostAccess.requireHostOfLiveShowcase(request.streamId(), productId, host)
                .flatMap(ok -> products.findById(productId))
                .flatMap(product -> {
                    if (product == null || product.status != ProductStatus.ACTIVE) {
                        throw ProblemException.conflict("product-unavailable", "Product " + productId + " is not on sale");
                    }
                    return products.takeStock(productId, request.quantity()).flatMap(taken -> {
                        if (taken == 0) {
                            throw ProblemException.conflict("insufficient-stock",
                                    "The product has fewer than " + request.quantity() + " units in stock");
                        }
                        Instant now = Instant.now();
                        FlashSale sale = new FlashSale();
                        sale.streamId = request.streamId();
                        sale.productId = productId;
                        sale.sellerId = product.sellerId;
                        sale.hostId = host.id();
                        sale.title = product.title;
                        sale.priceMinor = request.priceMinor();
                        sale.currency = product.currency;
                        sale.initialAllocation = request.quantity();
                        sale.allocated = request.quantity();
                        sale.perBuyerLimit = request.perBuyerLimit();
                        sale.status = countdown == 0 ? SaleStatus.OPEN : SaleStatus.ANNOUNCED;
                        sale.opensAt = now.plusSeconds(countdown);
                        sale.endsAt = sale.opensAt.plusSeconds(request.durationSeconds());
                        sale.createdAt = now;
                        return sales.persist(sale);
                    });
                });
    }

    public Uni<SaleView> get(long saleId) {
        return slot(saleId).map(slot -> SaleView.of(slot, Instant.now()));
    }

    /** Ends a sale early (the host) or on time (the clock); unsold units go back to the product. */
    public Uni<SaleView> end(CurrentUser host, long saleId) {
        return requireController(host, saleId).flatMap(x -> settle(saleId)).map(slot -> SaleView.of(slot, Instant.now()));
    }

    @WithSession
    public Uni<Void> requireController(CurrentUser host, long saleId) {
        return sales.findById(saleId).flatMap(sale -> {
            if (sale == null) {
                throw ProblemException.notFound("Sale " + saleId);
            }
            return hostAccess.requireHostOfLiveShowcase(sale.streamId, sale.productId, host);
        });
    }

    Uni<SaleSlot> settle(long saleId) {
        return slot(saleId).flatMap(before -> {
            admission.update(saleId, SaleSlot::settling);
            return store.settle(saleId).flatMap(counts -> recovery.reloadNow(saleId).invoke(slot -> {
                if (counts != null) {
                    saleEvents.publish(new SaleEnded(slot.streamId(), saleId, counts.sold(), counts.held(),
                            counts.returned(), Instant.now()));
                }
            }));
        });
    }

    public Uni<SaleInvariant> invariant(long saleId) {
        return slot(saleId)
                .flatMap(slot -> slot.settled() ? recovery.reloadNow(saleId) : Uni.createFrom().item(slot))
                .flatMap(slot -> store.counts(saleId).map(db -> SaleInvariant.of(admission.slot(saleId), db)))
                .invoke(metrics::reconciled);
    }

    private Uni<SaleSlot> slot(long saleId) {
        SaleSlot slot = admission.slot(saleId);
        if (slot != null) {
            return Uni.createFrom().item(slot);
        }
        return recovery.load(saleId).map(found -> {
            if (!found) {
                throw ProblemException.notFound("Sale " + saleId);
            }
            return admission.slot(saleId);
        });
    }

    // ---------- buying ----------

    /**
     * One buy attempt. The same (buyer, requestId) always gets the first answer (marked {@code replayed}); a
     * concurrent duplicate waits for it. Losing answers cost no database round trip; WON is given once the order
     * is committed.
     */
    public Uni<BuyAnswer> buy(CurrentUser buyer, long saleId, String requestId) {
        return attempt(buyer, saleId, requestId).invoke(answer -> {
            if (!answer.replayed()) {
                metrics.answered(answer.outcome());
            }
        });
    }

    private Uni<BuyAnswer> attempt(CurrentUser buyer, long saleId, String requestId) {
        if (requestId == null) {
            throw ProblemException.invalidField(IdempotencyKey.HEADER, "is required to buy in a flash sale");
        }
        IdempotencyKey.validate(requestId);
        Context caller = Vertx.currentContext();
        SaleAdmission.AnswerEntry mine = new SaleAdmission.AnswerEntry(saleId, new CompletableFuture<>());
        SaleAdmission.AnswerEntry earlier = admission.claimAnswer(buyer.id(), requestId, mine);
        if (earlier != null) {
            if (earlier.saleId() != saleId) {
                throw ProblemException.unprocessable("idempotency-key-reused",
                        "This Idempotency-Key was used with a different request");
            }
            return onCaller(earlier.answer(), caller).map(BuyAnswer::asReplay);
        }
        if (!admission.tryAttempt(buyer.id(), System.currentTimeMillis())) {
            admission.forgetAnswer(buyer.id(), requestId, mine);
            BuyAnswer limited = BuyAnswer.of(saleId, requestId, BuyOutcome.RATE_LIMITED);
            mine.answer().complete(limited);
            return Uni.createFrom().item(limited);
        }
        decide(buyer, saleId, requestId, mine, true);
        return onCaller(mine.answer(), caller);
    }

    private void decide(CurrentUser buyer, long saleId, String requestId, SaleAdmission.AnswerEntry mine,
            boolean mayLoad) {
        SaleAdmission.Result result = admission.admit(saleId, buyer.id(), Instant.now());
        switch (result) {
            case ADMITTED -> write(buyer, saleId, requestId, mine);
            case UNKNOWN_SALE -> {
                if (!mayLoad) {
                    fail(buyer, requestId, mine, ProblemException.notFound("Sale " + saleId));
                    return;
                }
                recovery.load(saleId).subscribe().with(
                        found -> {
                            if (found) {
                                decide(buyer, saleId, requestId, mine, false);
                            } else {
                                fail(buyer, requestId, mine, ProblemException.notFound("Sale " + saleId));
                            }
                        },
                        failure -> fail(buyer, requestId, mine, failure));
            }
            case SOLD_OUT -> finish(buyer, mine, BuyAnswer.of(saleId, requestId, BuyOutcome.SOLD_OUT));
            case LIMIT_REACHED -> finish(buyer, mine, BuyAnswer.of(saleId, requestId, BuyOutcome.LIMIT_REACHED));
            case NOT_OPEN -> finish(buyer, mine, BuyAnswer.of(saleId, requestId, BuyOutcome.NOT_OPEN));
            case ENDED -> finish(buyer, mine, BuyAnswer.of(saleId, requestId, BuyOutcome.ENDED));
        }
    }

    private void write(CurrentUser buyer, long saleId, String requestId, SaleAdmission.AnswerEntry mine) {
        SaleSlot slot = admission.slot(saleId);
        String fingerprint = fingerprint(saleId);
        SaleStore.NewOrder order = new SaleStore.NewOrder(saleId, buyer.id(), requestId, fingerprint, slot.sellerId(),
                slot.productId(), slot.title(), slot.priceMinor(), slot.currency());
        batcher.submit(order).subscribe().with(written -> {
            if (written.inserted()) {
                admission.written(saleId);
                finish(buyer, mine, BuyAnswer.won(saleId, requestId, written.orderId(), written.expiresAt()));
                orderEvents.publish(new OrderStatusChanged(buyer.id(), written.orderId(), OrderStatus.PENDING_PAYMENT,
                        OrderSource.FLASH_SALE, saleId, slot.priceMinor(), slot.currency(), written.expiresAt(),
                        Instant.now()));
            } else if (written.saleEnded()) {
                admission.notWritten(saleId, buyer.id());
                finish(buyer, mine, BuyAnswer.of(saleId, requestId, BuyOutcome.ENDED));
            } else {
                // An order with this key exists already (written before a restart): answer with it, take nothing.
                admission.notWritten(saleId, buyer.id());
                store.existing(buyer.id(), requestId).subscribe().with(existing -> {
                    if (existing != null && fingerprint.equals(existing.fingerprint())) {
                        finish(buyer, mine, BuyAnswer.won(saleId, requestId, existing.orderId(), existing.expiresAt()));
                    } else {
                        fail(buyer, requestId, mine, ProblemException.unprocessable("idempotency-key-reused",
                                "This Idempotency-Key was used with a different request"));
                    }
                }, failure -> fail(buyer, requestId, mine, failure));
            }
        }, failure -> {
            admission.notWritten(saleId, buyer.id());
            LOG.debugf(failure, "Buy in sale %d not recorded", saleId);
            fail(buyer, requestId, mine, new ProblemException(503, "Service Unavailable", "sale-write-failed",
                    "Your buy could not be recorded and nothing was taken; try again", null));
        });
    }

    private void finish(CurrentUser buyer, SaleAdmission.AnswerEntry mine, BuyAnswer answer) {
        mine.answer().complete(answer);
        orderEvents.publish(new BuyAnswered(buyer.id(), answer.saleId(), answer.requestId(), answer.outcome(),
                answer.orderId(), answer.payBy()));
    }

    /** No answer was given: forget the request so a retry is processed afresh. */
    private void fail(CurrentUser buyer, String requestId, SaleAdmission.AnswerEntry mine, Throwable failure) {
        admission.forgetAnswer(buyer.id(), requestId, mine);
        mine.answer().completeExceptionally(failure);
    }

    static String fingerprint(long saleId) {
        return Fingerprint.of("flash-sale", saleId);
    }

    /** Completes on the caller's Vert.x context (answers may complete on a database or timer thread). */
    private static Uni<BuyAnswer> onCaller(CompletableFuture<BuyAnswer> answer, Context caller) {
        if (answer.isDone() && !answer.isCompletedExceptionally()) {
            return Uni.createFrom().item(answer.join());
        }
        Uni<BuyAnswer> uni = Uni.createFrom().completionStage(answer);
        if (caller == null) {
            return uni;
        }
        Executor onContext = task -> caller.runOnContext(v -> task.run());
        return uni.emitOn(onContext);
    }
}
