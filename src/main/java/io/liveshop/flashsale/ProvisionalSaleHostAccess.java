package io.liveshop.flashsale;

import io.liveshop.catalog.ProductRepository;
import io.liveshop.catalog.SellerRepository;
import io.liveshop.identity.CurrentUser;
import io.liveshop.platform.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * PROVISIONAL, replace at merge with the livestream feature: checks only that the caller owns the product's shop
 * (or is an admin); the stream, its LIVE status and the showcase are not checked yet.
 */
@ApplicationScoped
public class ProvisionalSaleHostAccess implements SaleHostAccess {

    private final ProductRepository products;
    private final SellerRepository sellers;

    ProvisionalSaleHostAccess(ProductRepository products, SellerRepository sellers) {
        this.products = products;
        this.sellers = sellers;
    }

    @Override
    public Uni<Void> requireHostOfLiveShowcase(long streamId, long productId, CurrentUser user) {
        return products.findById(productId).flatMap(product -> {
            if (product == null) {
                throw ProblemException.notFound("Product " + productId);
            }
            return sellers.findById(product.sellerId).map(shop -> {
                if (!user.admin() && (shop == null || !shop.ownerId.equals(user.id()))) {
                    throw ProblemException.forbidden("Only the host selling this product may run its flash sale");
                }
                return null;
            });
        }).replaceWithVoid();
    }
}
