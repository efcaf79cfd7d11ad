package io.liveshop.flashsale;

import io.liveshop.identity.CurrentUser;
import io.smallrye.mutiny.Uni;

/**
 * Who may run a flash sale on a stream's showcase product. Called inside the caller's Hibernate session;
 * implemented over the livestream feature by {@link LiveStreamSaleHostAccess}.
 */
public interface SaleHostAccess {

    /** Fails with 403/404/409 problems unless {@code user} may sell {@code productId} on {@code streamId}. */
    Uni<Void> requireHostOfLiveShowcase(long streamId, long productId, CurrentUser user);

    /** Whether {@code user} runs the stream (its host or a co-host); an admin does not, unless it is one of them. */
    Uni<Boolean> runsStream(long streamId, CurrentUser user);
}
