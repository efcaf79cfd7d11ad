package io.liveshop.cart;

import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.Fingerprint;
import io.liveshop.platform.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

/** One cart per buyer. Adding reserves nothing: stock is taken only by the checkout. */
@ApplicationScoped
public class CartService {

    static final int MAX_QUANTITY = 99;
    static final int MAX_LINES = 100;

    private final CartRepository cart;

    CartService(CartRepository cart) {
        this.cart = cart;
    }

    public Uni<CartView> view(CurrentUser buyer) {
        return cart.lines(buyer.id()).map(CartView::of);
    }

    /** The cart after a write, and whether it answers an earlier request with the same Idempotency-Key. */
    public record Written(CartView cart, boolean replayed) {
    }

    /**
     * Adds units to a line. With an {@code Idempotency-Key} the add happens once: a retry (also a concurrent one)
     * adds nothing and answers the cart as it is now; the same key with another body is 422.
     */
    public Uni<Written> add(CurrentUser buyer, CartLineRequest request, String key) {
        String fingerprint = key == null ? null
                : Fingerprint.of("cart-add", request.productId(), request.quantity(), request.streamId());
        return cart.pool().withTransaction(tx -> {
            Uni<Boolean> fresh = key == null ? Uni.createFrom().item(true)
                    : cart.rememberWrite(tx, buyer.id(), key, fingerprint);
            return fresh.flatMap(first -> first ? addIn(tx, buyer, request).replaceWith(false)
                    : cart.writeFingerprint(tx, buyer.id(), key).map(earlier -> {
                        if (!earlier.equals(fingerprint)) {
                            throw ProblemException.unprocessable("idempotency-key-reused",
                                    "This Idempotency-Key was used with a different request");
                        }
                        return true;
                    }));
        }).flatMap(replayed -> view(buyer).map(view -> new Written(view, replayed)));
    }

    private Uni<Void> addIn(SqlClient tx, CurrentUser buyer, CartLineRequest request) {
        Uni<Void> streamKnown = request.streamId() == null ? Uni.createFrom().voidItem()
                : cart.streamExists(tx, request.streamId()).invoke(exists -> {
                    if (!exists) {
                        // the stream is credited on the order line: it must be one that exists
                        throw ProblemException.invalidField("streamId", "is not a stream");
                    }
                }).replaceWithVoid();
        return streamKnown.flatMap(x -> cart.count(tx, buyer.id())).flatMap(lines -> {
            if (lines >= MAX_LINES) {
                throw ProblemException.conflict("cart-full", "A cart holds at most " + MAX_LINES + " lines");
            }
            return cart.add(tx, buyer.id(), request.productId(), request.quantity(), request.streamId(), MAX_QUANTITY);
        }).flatMap(rows -> {
            if (rows == 1) {
                return Uni.createFrom().voidItem();
            }
            return cart.productOnSale(tx, request.productId()).map(onSale -> {
                throw onSale
                        ? ProblemException.conflict("quantity-limit", "A cart line holds at most " + MAX_QUANTITY + " units")
                        : ProblemException.conflict("product-unavailable", "Product " + request.productId()
                                + " is not on sale");
            });
        });
    }

    public Uni<CartView> setQuantity(CurrentUser buyer, long productId, int quantity) {
        return cart.setQuantity(buyer.id(), productId, quantity).flatMap(rows -> {
            if (rows == 0) {
                throw ProblemException.notFound("Cart line for product " + productId);
            }
            return view(buyer);
        });
    }

    /** Idempotent: removing a line that is not there answers the cart as it is. */
    public Uni<CartView> remove(CurrentUser buyer, long productId) {
        return cart.remove(buyer.id(), productId).flatMap(x -> view(buyer));
    }
}
