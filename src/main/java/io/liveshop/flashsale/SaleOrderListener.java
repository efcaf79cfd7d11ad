package io.liveshop.flashsale;

import io.liveshop.order.OrderSource;
import io.liveshop.order.OrderStatus;
import io.liveshop.order.OrderStatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * Keeps the in-memory counters in step with committed order changes: a paid hold becomes sold; an expired or
 * cancelled hold (or a refunded sale) frees the unit and the buyer's count. A settled sale is re-read instead.
 */
@ApplicationScoped
public class SaleOrderListener {

    private static final Logger LOG = Logger.getLogger(SaleOrderListener.class);

    private final SaleAdmission admission;
    private final SaleRecovery recovery;
    private final SaleOwners owners;
    private final SaleForwarding forwarding;

    SaleOrderListener(SaleAdmission admission, SaleRecovery recovery, SaleOwners owners, SaleForwarding forwarding) {
        this.admission = admission;
        this.recovery = recovery;
        this.owners = owners;
        this.forwarding = forwarding;
    }

    void onOrderChanged(@Observes OrderStatusChanged event) {
        if (event.source() != OrderSource.FLASH_SALE || event.saleId() == null) {
            return;
        }
        long saleId = event.saleId();
        if (admission.slot(saleId) == null) {
            String owner = owners.clustered() ? owners.owner(saleId) : null;
            if (owner != null) {
                // another node runs the sale: tell it (if it is gone, its successor reads the database)
                forwarding.call(owner, saleId, "order-changed", Map.of("buyerId", event.userId(),
                        "status", event.status()), ClusterSaleResource.Empty.class)
                        .subscribe().with(x -> { }, f -> LOG.warnf("Sale %d: order change not forwarded: %s", saleId,
                                f.getMessage()));
            }
            return; // not loaded: a later load reads the database anyway
        }
        apply(saleId, event.userId(), event.status());
    }

    void apply(long saleId, String buyerId, OrderStatus status) {
        if (admission.slot(saleId) == null) {
            return;
        }
        switch (status) {
            case PAID -> apply(saleId, SaleSlot::paid);
            case EXPIRED, CANCELLED -> {
                admission.buyerReleased(saleId, buyerId);
                apply(saleId, SaleSlot::holdReleased);
            }
            case REFUNDED -> {
                admission.buyerReleased(saleId, buyerId);
                apply(saleId, SaleSlot::saleRefunded);
            }
            default -> {
            }
        }
    }

    private void apply(long saleId, UnaryOperator<SaleSlot> change) {
        if (!admission.applyIfRunning(saleId, change)) {
            recovery.requestReload(saleId);
        }
    }
}
