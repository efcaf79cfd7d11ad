package io.liveshop.catalog;

import io.liveshop.identity.CurrentUser;
import io.liveshop.moderation.AuditLog;
import io.liveshop.moderation.ModerationAct;
import io.liveshop.moderation.ModerationRequest;
import io.liveshop.platform.Page;
import io.liveshop.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Locale;

@ApplicationScoped
public class CatalogService {

    private final SellerRepository sellers;
    private final ProductRepository products;
    private final ProductEvents events;
    private final AuditLog audit;

    CatalogService(SellerRepository sellers, ProductRepository products, ProductEvents events, AuditLog audit) {
        this.sellers = sellers;
        this.products = products;
        this.events = events;
        this.audit = audit;
    }

    @WithTransaction
    public Uni<Seller> createSeller(CurrentUser user, SellerRequest request) {
        return sellers.findByOwner(user.id()).flatMap(existing -> {
            if (existing != null) {
                throw ProblemException.conflict("seller-exists", "You already have a shop (id " + existing.id + ")");
            }
            Seller seller = new Seller();
            seller.ownerId = user.id();
            seller.name = request.name().strip();
            seller.description = request.description();
            seller.createdAt = Instant.now();
            return sellers.persist(seller);
        });
    }

    @WithSession
    public Uni<Seller> seller(long id) {
        return sellers.findById(id).map(s -> {
            if (s == null) {
                throw ProblemException.notFound("Seller " + id);
            }
            return s;
        });
    }

    @WithSession
    public Uni<Seller> ownSeller(CurrentUser user) {
        return ownShop(user);
    }

    /** Creates, commits, then publishes the change (so readers and viewers never see what was not committed). */
    public Uni<Product> createProduct(CurrentUser user, ProductRequest request) {
        return createProductTx(user, request).invoke(events::changed);
    }

    public Uni<Product> updateProduct(CurrentUser user, long id, ProductRequest request) {
        return updateProductTx(user, id, request).invoke(events::changed);
    }

    /** The owning seller, or an admin as moderation (recorded with the reason). */
    public Uni<Product> archiveProduct(CurrentUser user, long id, ModerationRequest request) {
        return archiveProductTx(user, id, request).invoke(events::changed);
    }

    @WithTransaction
    public Uni<Product> createProductTx(CurrentUser user, ProductRequest request) {
        if (request.initialStock() == null) {
            throw ProblemException.invalidField("initialStock", "must not be null");
        }
        validateCurrency(request.currency());
        if (request.status() == ProductStatus.ARCHIVED) {
            throw ProblemException.invalidField("status", "a new product is DRAFT or ACTIVE");
        }
        return ownShop(user).flatMap(shop -> {
            Product product = new Product();
            product.sellerId = shop.id;
            apply(product, request);
            product.initialStock = request.initialStock();
            product.stock = request.initialStock();
            product.createdAt = product.updatedAt;
            return products.persist(product);
        });
    }

    @WithTransaction
    public Uni<Product> updateProductTx(CurrentUser user, long id, ProductRequest request) {
        validateCurrency(request.currency());
        return ownedProduct(user, id).map(product -> {
            if (product.status == ProductStatus.ARCHIVED) {
                throw ProblemException.conflict("product-archived", "An archived product cannot be edited");
            }
            if (request.status() == ProductStatus.ARCHIVED) {
                throw ProblemException.invalidField("status", "use POST /api/products/{id}/archive to archive");
            }
            apply(product, request);
            return product;
        });
    }

    @WithTransaction
    public Uni<Product> archiveProductTx(CurrentUser user, long id, ModerationRequest request) {
        return productOf(id).flatMap(product -> isOwner(user, product).flatMap(owner -> {
            if (!owner && !user.admin()) {
                throw ProblemException.forbidden("Only the product's seller, or an admin, may archive it");
            }
            product.status = ProductStatus.ARCHIVED;
            product.updatedAt = Instant.now();
            return owner ? Uni.createFrom().item(product)
                    : audit.record(ModerationAct.of(user, ModerationAct.Action.PRODUCT_ARCHIVE, id, request))
                            .replaceWith(product);
        }));
    }

    /** A product as the caller may see it: drafts and archived products only to their seller. */
    @WithSession
    public Uni<Product> product(CurrentUser viewer, long id) {
        return products.findById(id).flatMap(product -> {
            if (product == null) {
                throw ProblemException.notFound("Product " + id);
            }
            if (product.status == ProductStatus.ACTIVE) {
                return Uni.createFrom().item(product);
            }
            if (viewer == null) {
                throw ProblemException.notFound("Product " + id);
            }
            return sellers.findById(product.sellerId).map(shop -> {
                if (!viewer.admin() && !shop.ownerId.equals(viewer.id())) {
                    throw ProblemException.notFound("Product " + id);
                }
                return product;
            });
        });
    }

    private Uni<Page<ProductView>> page(ProductFilter filter, long before, int limit) {
        return products.search(filter, before, limit + 1)
                .map(rows -> Page.of(rows, limit, p -> p.id, ProductView::of));
    }

    /** A page of products as the read model keeps it: filters already normalized. */
    @WithSession
    public Uni<Page<ProductView>> search(ProductFilter filter, long before, int limit) {
        return page(filter, before, limit);
    }

    /** A seller's own products, for the read model. */
    @WithSession
    public Uni<Page<ProductView>> ownPage(CurrentUser user, ProductStatus status, long before, int limit) {
        return ownShop(user).flatMap(shop -> page(new ProductFilter(status, shop.id, null, null), before, limit));
    }

    /** Any product, whatever its status, or 404: the read model decides who may see it. */
    @WithSession
    public Uni<ProductView> view(long id) {
        return products.findById(id).map(product -> {
            if (product == null) {
                throw ProblemException.notFound("Product " + id);
            }
            return ProductView.of(product);
        });
    }

    private Uni<Seller> ownShop(CurrentUser user) {
        return sellers.findByOwner(user.id()).map(shop -> {
            if (shop == null) {
                throw ProblemException.conflict("no-shop", "Create your shop with POST /api/sellers first");
            }
            return shop;
        });
    }

    /** A product its seller may change; an admin does not edit for a seller. */
    private Uni<Product> ownedProduct(CurrentUser user, long id) {
        return productOf(id).call(product -> isOwner(user, product).invoke(owner -> {
            if (!owner) {
                throw ProblemException.forbidden("Only the product's seller may change it");
            }
        }));
    }

    private Uni<Product> productOf(long id) {
        return products.findById(id).map(product -> {
            if (product == null) {
                throw ProblemException.notFound("Product " + id);
            }
            return product;
        });
    }

    private Uni<Boolean> isOwner(CurrentUser user, Product product) {
        return sellers.findById(product.sellerId).map(shop -> shop != null && shop.ownerId.equals(user.id()));
    }

    private static void apply(Product product, ProductRequest request) {
        product.title = request.title().strip();
        product.description = request.description();
        product.priceMinor = request.priceMinor();
        product.currency = request.currency();
        product.mediaUrls = request.mediaUrls() == null ? new String[0] : request.mediaUrls().toArray(String[]::new);
        product.hashtags = request.hashtags() == null ? new String[0]
                : request.hashtags().stream().map(CatalogService::normalizeTag).distinct().toArray(String[]::new);
        product.status = request.status() == null ? ProductStatus.DRAFT : request.status();
        product.updatedAt = Instant.now();
    }

    private static void validateCurrency(String code) {
        try {
            Currency.getInstance(code);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.invalidField("currency", "is not an ISO 4217 currency");
        }
    }

    static String normalizeTag(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        String t = tag.strip();
        return (t.startsWith("#") ? t.substring(1) : t).toLowerCase(Locale.ROOT);
    }

    static String blankToNull(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        if (s.length() > 100) {
            throw ProblemException.invalidField("q", "must be at most 100 characters");
        }
        return s.strip();
    }

    /** Lists used by other features (showcases, sales) that need several products at once. */
    @WithSession
    public Uni<List<Product>> products(List<Long> ids) {
        return products.list("id in ?1", ids);
    }
}
