package io.liveshop.address;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class AddressRepository implements PanacheRepositoryBase<Address, Long> {

    public Uni<List<Address>> ofBuyer(String buyerId) {
        return list("buyerId = ?1 order by id", buyerId);
    }

    public Uni<Long> countOf(String buyerId) {
        return count("buyerId", buyerId);
    }

    public Uni<Address> findOwned(String buyerId, long id) {
        return find("buyerId = ?1 and id = ?2", buyerId, id).firstResult();
    }

    public Uni<Address> findByKey(String buyerId, String key) {
        return find("buyerId = ?1 and idempotencyKey = ?2", buyerId, key).firstResult();
    }

    public Uni<Address> findDefault(String buyerId) {
        return find("buyerId = ?1 and isDefault = true", buyerId).firstResult();
    }

    /** Clears the old default, then sets the new one (in this order, for the partial unique index). */
    public Uni<Integer> makeDefault(String buyerId, long id) {
        return update("isDefault = false where buyerId = ?1 and isDefault = true and id <> ?2", buyerId, id)
                .flatMap(x -> update("isDefault = true where buyerId = ?1 and id = ?2", buyerId, id));
    }
}
