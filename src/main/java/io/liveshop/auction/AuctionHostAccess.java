package io.liveshop.auction;

import io.liveshop.identity.CurrentUser;
import io.liveshop.livestream.LiveStream;
import io.liveshop.livestream.LiveStreamService;
import io.liveshop.livestream.LiveStreamStatus;
import io.liveshop.platform.ProblemException;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The same ownership as flash sales: an auction runs on a showcase product of a LIVE stream, of the host's own
 * shop, started (and cancelled, and offered to the runner-up) by its host or a co-host.
 */
@ApplicationScoped
public class AuctionHostAccess {

    private final LiveStreamService streams;

    AuctionHostAccess(LiveStreamService streams) {
        this.streams = streams;
    }

    @WithSession
    public Uni<LiveStream> requireHostOfLiveShowcase(long streamId, long productId, CurrentUser user) {
        return streams.requireController(streamId, user).flatMap(stream -> {
            if (stream.status != LiveStreamStatus.LIVE) {
                throw ProblemException.conflict("stream-not-live", "Auctions run only while the stream is LIVE");
            }
            return streams.inShowcase(streamId, productId).flatMap(inShowcase -> {
                if (!inShowcase) {
                    throw ProblemException.conflict("not-in-showcase", "Add the product to the stream's showcase first");
                }
                return streams.requireOwnShopProduct(stream.hostId, productId).replaceWith(stream);
            });
        });
    }

    @WithSession
    public Uni<LiveStream> requireController(long streamId, CurrentUser user) {
        return streams.requireController(streamId, user);
    }
}
