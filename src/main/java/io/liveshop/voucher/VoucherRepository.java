package io.liveshop.voucher;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class VoucherRepository implements PanacheRepositoryBase<Voucher, Long> {

    public Uni<Voucher> findByCode(long sellerId, String code) {
        return find("sellerId = ?1 and code = ?2", sellerId, code).firstResult();
    }
}
