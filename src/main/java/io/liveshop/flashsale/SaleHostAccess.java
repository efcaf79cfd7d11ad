package io.liveshop.flashsale;

import io.liveshop.identity.CurrentUser;
import io.smallrye.mutiny.Uni;

/**
 * Who may run a flash sale on a stream's showcase product. Called inside the caller's Hibernate session.
 * At merge with the livestream feature this becomes {@code LiveStreamService#requireController} plus
 * {@code #inShowcase}; until then {@link ProvisionalSaleHostAccess} stands in.
 */
public interface SaleHostAccess {

    /** Fails with 403/404/409 problems unless {@code user} may sell {@code productId} on {@code streamId}. */
    Uni<Void> requireHostOfLiveShowcase(long streamId, long productId, CurrentUser user);

    /** Whether {@code user} runs the stream (its host or a co-host); an admin does not, unless it is one of them. */
    Uni<Boolean> runsStream(long streamId, CurrentUser user);
}
