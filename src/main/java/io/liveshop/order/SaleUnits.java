package io.liveshop.order;

import io.smallrye.mutiny.Uni;

/**
 * Where the unit of a released flash-sale order goes (back to its sale while it runs, else to the product).
 * Implemented by the flash-sale feature; called inside the releasing transaction's session.
 */
public interface SaleUnits {

    Uni<Void> release(Order order);
}
