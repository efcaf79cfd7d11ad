package io.liveshop.catalog;

import io.liveshop.flashsale.SaleAnnounced;
import io.liveshop.flashsale.SaleEnded;
import io.liveshop.identity.CurrentUser;
import io.liveshop.order.OrderEvents;
import io.liveshop.order.OrderSource;
import io.liveshop.order.OrderStatus;
import io.liveshop.order.OrderStatusChanged;
import io.liveshop.platform.Cursor;
import io.liveshop.platform.cluster.ClusterChanges;
import io.liveshop.platform.events.StreamEvent;
import io.liveshop.platform.events.UserEvent;
import io.liveshop.platform.http.CachedJson;
import io.liveshop.platform.http.HttpCache;
import io.liveshop.platform.http.ReadThrough;
import io.liveshop.platform.http.Versions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The catalog's read side: products and product pages kept in memory as serialized JSON, loaded on first read and
 * read again from the database after each committed change announced by an event (a seller's edit, a stock change,
 * a flash sale taking or returning units, a lapsed flash-sale hold going back to the product). Every node follows the
 * same events.
 */
@ApplicationScoped
public class CatalogReads {

    /** A product as loaded; {@code shared} is its public representation, null unless the product is active. */
    public record ProductEntry(ProductView view, CachedJson shared) {
    }

    private record ActiveKey(ProductFilter filter, long before, int limit) {
    }

    private record OwnKey(CurrentUser owner, ProductStatus status, long before, int limit) {
    }

    private static final String PRODUCT = "catalog.product";
    private static final String ALL = "catalog.all";

    private final Versions<Long> productVersions = new Versions<>();
    /** Bumped on any product change: every page may list it. */
    private final AtomicLong catalogVersion = new AtomicLong();
    /** Bumped when some product changed but the event does not say which: every product is read again once. */
    private final AtomicLong epoch = new AtomicLong();
    private final Map<Long, Long> saleProducts = new ConcurrentHashMap<>();
    private final ReadThrough<Long, ProductEntry> products;
    private final ReadThrough<ActiveKey, CachedJson> activePages;
    private final ReadThrough<OwnKey, CachedJson> ownPages;
    private final ClusterChanges cluster;

    CatalogReads(CatalogService catalog, HttpCache http, ClusterChanges cluster) {
        this.cluster = cluster;
        cluster.on(PRODUCT, id -> bump(Long.parseLong(id)));
        cluster.on(ALL, ignored -> bumpAll());
        products = new ReadThrough<>(100_000, id -> catalog.view(id).map(view -> new ProductEntry(view,
                view.status() == ProductStatus.ACTIVE ? http.json(view) : null)));
        activePages = new ReadThrough<>(10_000,
                key -> catalog.search(key.filter(), key.before(), key.limit()).map(http::json));
        ownPages = new ReadThrough<>(10_000,
                key -> catalog.ownPage(key.owner(), key.status(), key.before(), key.limit()).map(http::json));
    }

    public Uni<ProductEntry> product(long id) {
        return products.get(id, productVersions.of(id) + epoch.get());
    }

    /** Active products, newest first; bad parameters are a 400 before anything is loaded. */
    public Uni<CachedJson> activePage(Long sellerId, String hashtag, String text, String cursor, String limit) {
        ProductFilter filter = new ProductFilter(ProductStatus.ACTIVE, sellerId, CatalogService.normalizeTag(hashtag),
                CatalogService.blankToNull(text));
        return activePages.get(new ActiveKey(filter, Cursor.decode(cursor), Cursor.limit(limit)), catalogVersion.get());
    }

    public Uni<CachedJson> ownPage(CurrentUser owner, ProductStatus status, String cursor, String limit) {
        return ownPages.get(new OwnKey(owner, status, Cursor.decode(cursor), Cursor.limit(limit)), catalogVersion.get());
    }

    @Incoming(ProductEvents.CHANNEL)
    public void onProduct(ProductChanged change) {
        changed(change.product().id());
    }

    @Incoming("stock-events")
    public void onStock(ProductStockChanged change) {
        changed(change.productId());
    }

    /** A flash sale takes its units from the product's stock when announced and returns the unsold ones at its end. */
    @Incoming("sale-events")
    public void onSale(StreamEvent event) {
        if (event instanceof SaleAnnounced announced) {
            saleProducts.put(announced.saleId(), announced.productId());
            changed(announced.productId());
        } else if (event instanceof SaleEnded ended) {
            saleChanged(ended.saleId());
        }
    }

    /** A sale's held unit released after the sale ended goes back to the product, in the same commit. */
    @Incoming(OrderEvents.CHANNEL)
    public void onOrder(UserEvent event) {
        if (event instanceof OrderStatusChanged order && order.source() == OrderSource.FLASH_SALE
                && order.saleId() != null && RELEASED.contains(order.status())) {
            saleChanged(order.saleId());
        }
    }

    private static final Set<OrderStatus> RELEASED = EnumSet.of(OrderStatus.EXPIRED, OrderStatus.CANCELLED,
            OrderStatus.REFUNDED);

    private void saleChanged(long saleId) {
        Long productId = saleProducts.get(saleId);
        if (productId != null) {
            changed(productId);
        } else {
            bumpAll(); // a sale announced before a restart: read every product again once
            cluster.publish(ALL, "");
        }
    }

    private void changed(long productId) {
        bump(productId);
        cluster.publish(PRODUCT, productId);
    }

    private void bump(long productId) {
        productVersions.bump(productId);
        catalogVersion.incrementAndGet();
    }

    private void bumpAll() {
        epoch.incrementAndGet();
        catalogVersion.incrementAndGet();
    }
}
