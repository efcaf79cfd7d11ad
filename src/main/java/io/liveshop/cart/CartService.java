package io.liveshop.cart;

import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.ProblemException;
import io.smallrye.mutiny.Uni;
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

    public Uni<CartView> add(CurrentUser buyer, CartLineRequest request) {
        return cart.count(buyer.id()).flatMap(lines -> {
            if (lines >= MAX_LINES) {
                throw ProblemException.conflict("cart-full", "A cart holds at most " + MAX_LINES + " lines");
            }
            return cart.add(buyer.id(), request.productId(), request.quantity(), request.streamId(), MAX_QUANTITY);
        }).flatMap(rows -> {
            if (rows == 1) {
                return view(buyer);
            }
            return cart.productOnSale(request.productId()).map(onSale -> {
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
