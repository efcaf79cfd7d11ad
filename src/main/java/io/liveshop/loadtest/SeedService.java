package io.liveshop.loadtest;

import io.liveshop.catalog.CatalogService;
import io.liveshop.catalog.ProductRequest;
import io.liveshop.catalog.ProductStatus;
import io.liveshop.catalog.SellerRequest;
import io.liveshop.identity.CurrentUser;
import io.liveshop.identity.DevTokenService;
import io.liveshop.identity.Roles;
import io.liveshop.livestream.CreateStreamRequest;
import io.liveshop.livestream.LiveStreamService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Creates a host with a shop, products and a LIVE stream through the features' own services. */
@ApplicationScoped
public class SeedService {

    private final CatalogService catalog;
    private final LiveStreamService streams;
    private final DevTokenService tokens;

    SeedService(CatalogService catalog, LiveStreamService streams, DevTokenService tokens) {
        this.catalog = catalog;
        this.streams = streams;
        this.tokens = tokens;
    }

    public Uni<Seeded> seed(int productCount, int stock) {
        String hostId = "loadtest-host-" + UUID.randomUUID().toString().substring(0, 8);
        CurrentUser host = new CurrentUser(hostId, false, true, true);
        String token = tokens.mint(hostId, "Load test host", Set.of(Roles.HOST, Roles.SELLER)).token();
        return catalog.createSeller(host, new SellerRequest("Load test shop " + hostId, null)).flatMap(shop ->
                Multi.createFrom().range(0, productCount)
                        .onItem().transformToUniAndConcatenate(i -> catalog.createProduct(host, new ProductRequest(
                                "Load test product " + (i + 1), null, 1000L + i, "EUR",
                                List.of("https://cdn.example/loadtest/" + (i + 1) + ".jpg"), List.of("loadtest"), stock,
                                ProductStatus.ACTIVE)))
                        .map(p -> p.id).collect().asList()
                        .flatMap(ids -> streams.create(host, new CreateStreamRequest("Load test stream", null, ids, null))
                                .flatMap(stream -> streams.goLive(host, stream.id))
                                .map(view -> new Seeded(view.id(), hostId, token, shop.id, ids))));
    }
}
