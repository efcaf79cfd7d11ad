package io.liveshop.flashsale;

import io.liveshop.order.OrderSource;
import io.liveshop.order.OrderStatusChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.function.UnaryOperator;

/**
 * Keeps the in-memory counters in step with committed order changes: a paid hold becomes sold; an expired or
 * cancelled hold (or a refunded sale) frees the unit and the buyer's count. A settled sale is re-read instead.
 */
@ApplicationScoped
public class SaleOrderListener {

    private final SaleAdmission admission;
    private final SaleRecovery recovery;

    SaleOrderListener(SaleAdmission admission, SaleRecovery recovery) {
        this.admission = admission;
        this.recovery = recovery;
    }

    void onOrderChanged(@Observes OrderStatusChanged event) {
        if (event.source() != OrderSource.FLASH_SALE || event.saleId() == null) {
            return;
        }
        long saleId = event.saleId();
        if (admission.slot(saleId) == null) {
            return; // not loaded: a later load reads the database anyway
        }
        switch (event.status()) {
            case PAID -> apply(saleId, SaleSlot::paid);
            case EXPIRED, CANCELLED -> {
                admission.buyerReleased(saleId, event.userId());
                apply(saleId, SaleSlot::holdReleased);
            }
            case REFUNDED -> {
                admission.buyerReleased(saleId, event.userId());
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
