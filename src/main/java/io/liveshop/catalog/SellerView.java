package io.liveshop.catalog;

import java.time.Instant;

public record SellerView(long id, String ownerId, String name, String description, Instant createdAt) {

    static SellerView of(Seller seller) {
        return new SellerView(seller.id, seller.ownerId, seller.name, seller.description, seller.createdAt);
    }
}
