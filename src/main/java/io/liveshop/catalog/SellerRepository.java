package io.liveshop.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class SellerRepository implements PanacheRepositoryBase<Seller, Long> {

    public Uni<Seller> findByOwner(String ownerId) {
        return find("ownerId", ownerId).firstResult();
    }
}
