package io.liveshop.returns;

import io.liveshop.catalog.ProductRepository;
import io.liveshop.catalog.SellerRepository;
import io.liveshop.identity.CurrentUser;
import io.liveshop.order.Order;
import io.liveshop.order.OrderEvents;
import io.liveshop.order.OrderLine;
import io.liveshop.order.OrderRepository;
import io.liveshop.order.OrderService;
import io.liveshop.order.OrderStatus;
import io.liveshop.platform.Cursor;
import io.liveshop.platform.Page;
import io.liveshop.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Returns: the buyer asks within the window after delivery, the seller accepts (the order becomes REFUNDED, its
 * amount is refunded in part of the charge, units go back if the seller says so) or rejects with a reason. An order
 * is returned once. The buyer hears each step live.
 */
@ApplicationScoped
public class ReturnService {

    /** A decision and, for a fresh acceptance, the order whose amount is to be refunded. */
    record Decided(ReturnRequest request, Order refunded, boolean fresh) {
    }

    private final ReturnRepository returns;
    private final OrderRepository orderRows;
    private final OrderService orders;
    private final OrderEvents events;
    private final ProductRepository products;
    private final SellerRepository sellers;
    private final ReturnRefunds refunds;
    private final ReturnsConfig config;

    ReturnService(ReturnRepository returns, OrderRepository orderRows, OrderService orders, OrderEvents events,
            ProductRepository products, SellerRepository sellers, ReturnRefunds refunds, ReturnsConfig config) {
        this.returns = returns;
        this.orderRows = orderRows;
        this.orders = orders;
        this.events = events;
        this.products = products;
        this.sellers = sellers;
        this.refunds = refunds;
        this.config = config;
    }

    /** 201 for a new request; the same buyer asking again with the same reason gets it back (replayed). */
    public Uni<Created> request(CurrentUser buyer, long orderId, String reason) {
        return requestInTransaction(buyer, orderId, reason).invoke(created -> {
            if (!created.replayed()) {
                events.publish(ReturnChanged.of(created.request()));
            }
        });
    }

    public record Created(ReturnRequest request, boolean replayed) {
    }

    @WithTransaction
    public Uni<Created> requestInTransaction(CurrentUser buyer, long orderId, String reason) {
        return orderRows.findById(orderId).flatMap(order -> {
            if (order == null) {
                throw ProblemException.notFound("Order");
            }
            if (!order.buyerId.equals(buyer.id())) {
                throw ProblemException.forbidden("Only the buyer may return this order");
            }
            return returns.forOrder(orderId).flatMap(existing -> {
                if (existing != null) {
                    if (existing.reason.equals(reason.strip())) {
                        return Uni.createFrom().item(new Created(existing, true));
                    }
                    throw ProblemException.conflict("already-requested", "This order already has a return request");
                }
                if (order.status != OrderStatus.DELIVERED) {
                    throw ProblemException.conflict("not-delivered", "Only a delivered order can be returned; it is "
                            + order.status);
                }
                if (Instant.now().isAfter(order.updatedAt.plus(config.window()))) {
                    throw ProblemException.conflict("return-window-closed", "Returns are accepted for "
                            + config.window().toDays() + " days after delivery");
                }
                ReturnRequest r = new ReturnRequest();
                r.orderId = orderId;
                r.buyerId = buyer.id();
                r.sellerId = order.sellerId;
                r.reason = reason.strip();
                r.status = ReturnStatus.REQUESTED;
                r.createdAt = Instant.now();
                return returns.persist(r).map(saved -> new Created(saved, false));
            });
        });
    }

    /**
     * The seller accepts: order REFUNDED, units back if asked, the refund recorded PENDING, all in one commit; then
     * the refund is attempted. Accepting again answers the decision and retries a refund still PENDING.
     */
    public Uni<ReturnRequest> accept(CurrentUser seller, long id, boolean restock) {
        return acceptInTransaction(seller, id, restock).flatMap(d -> {
            boolean wasPending = ReturnRefunds.PENDING.equals(d.request().refundState);
            return refunds.attempt(d.request()).map(state -> {
                if (d.fresh()) {
                    events.statusChanged(d.refunded());
                    events.publish(ReturnChanged.of(d.request()));
                } else if (wasPending && ReturnRefunds.DONE.equals(state)) {
                    events.publish(ReturnChanged.of(d.request()));
                }
                return d.request();
            });
        });
    }

    @WithTransaction
    public Uni<Decided> acceptInTransaction(CurrentUser seller, long id, boolean restock) {
        return owned(seller, id).flatMap(r -> {
            if (r.status == ReturnStatus.ACCEPTED) {
                return Uni.createFrom().item(new Decided(r, null, false));
            }
            if (r.status != ReturnStatus.REQUESTED) {
                throw ProblemException.conflict("already-decided", "This return was " + r.status);
            }
            return orders.refundForReturn(seller, r.orderId).flatMap(order -> restock(order, restock)
                    .flatMap(x -> returns.decide(id, ReturnStatus.ACCEPTED, restock, order.totalMinor, null,
                            order.paymentId))
                    .map(rows -> {
                        if (rows == 0) {
                            throw ProblemException.conflict("concurrent-change", "The return changed meanwhile; reload it");
                        }
                        r.status = ReturnStatus.ACCEPTED;
                        r.restock = restock;
                        r.refundMinor = order.totalMinor;
                        r.refundPaymentId = order.paymentId;
                        r.refundState = order.paymentId == null ? null : ReturnRefunds.PENDING;
                        r.decidedAt = Instant.now();
                        return new Decided(r, order, true);
                    }));
        });
    }

    public Uni<ReturnRequest> reject(CurrentUser seller, long id, String reason) {
        return rejectInTransaction(seller, id, reason.strip()).invoke(d -> {
            if (d.fresh()) {
                events.publish(ReturnChanged.of(d.request()));
            }
        }).map(Decided::request);
    }

    @WithTransaction
    public Uni<Decided> rejectInTransaction(CurrentUser seller, long id, String reason) {
        return owned(seller, id).flatMap(r -> {
            if (r.status == ReturnStatus.REJECTED && reason.equals(r.rejectReason)) {
                return Uni.createFrom().item(new Decided(r, null, false));
            }
            if (r.status != ReturnStatus.REQUESTED) {
                throw ProblemException.conflict("already-decided", "This return was " + r.status);
            }
            return returns.decide(id, ReturnStatus.REJECTED, null, null, reason, null).map(rows -> {
                if (rows == 0) {
                    throw ProblemException.conflict("concurrent-change", "The return changed meanwhile; reload it");
                }
                r.status = ReturnStatus.REJECTED;
                r.rejectReason = reason;
                r.decidedAt = Instant.now();
                return new Decided(r, null, true);
            });
        });
    }

    /**
     * A keyset page of returns, newest first: the caller's own ({@code seller} false), or its shop's (403 for a
     * caller without the seller role or without a shop).
     */
    @WithSession
    public Uni<Page<ReturnView>> list(CurrentUser user, boolean asSeller, String cursor, String limit) {
        long before = Cursor.decode(cursor);
        int max = Cursor.limit(limit);
        if (!asSeller) {
            return returns.ofBuyer(user.id(), before, max + 1).map(rows -> Page.of(rows, max, r -> r.id, ReturnView::of));
        }
        if (!user.seller()) {
            throw ProblemException.forbidden("Only a seller lists its shop's returns");
        }
        return sellers.findByOwner(user.id()).flatMap(shop -> {
            if (shop == null) {
                throw ProblemException.forbidden("You have no shop");
            }
            return returns.ofSeller(shop.id, before, max + 1).map(rows -> Page.of(rows, max, r -> r.id, ReturnView::of));
        });
    }

    /** The buyer, the order's seller, or an admin (who reads, never decides). */
    @WithSession
    public Uni<ReturnRequest> get(CurrentUser user, long id) {
        return returns.findById(id).flatMap(r -> {
            if (r == null) {
                throw ProblemException.notFound("Return " + id);
            }
            if (r.buyerId.equals(user.id()) || user.admin()) {
                return Uni.createFrom().item(r);
            }
            return ownsShop(user, r).map(x -> r);
        });
    }

    private Uni<ReturnRequest> owned(CurrentUser seller, long id) {
        return returns.findById(id).flatMap(r -> {
            if (r == null) {
                throw ProblemException.notFound("Return " + id);
            }
            // Deciding a return is the seller's act: an admin refunds through the audited order refund instead.
            return ownsShop(seller, r).map(x -> r);
        });
    }

    private Uni<Void> ownsShop(CurrentUser user, ReturnRequest r) {
        return sellers.findById(r.sellerId).map(shop -> {
            if (shop == null || !user.seller() || !shop.ownerId.equals(user.id())) {
                throw ProblemException.forbidden("This return is not for your shop");
            }
            return null;
        });
    }

    private Uni<Void> restock(Order order, boolean restock) {
        if (!restock) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(order.lines)
                .onItem().transformToUniAndConcatenate((OrderLine line) -> products.returnStock(line.productId, line.quantity))
                .collect().last().replaceWithVoid();
    }
}
