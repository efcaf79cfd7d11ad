package io.liveshop.flashsale;

import io.liveshop.identity.CurrentUser;
import io.liveshop.livestream.LiveStreamService;
import io.liveshop.livestream.LiveStreamStatus;
import io.liveshop.platform.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A flash sale runs on a showcase product of a LIVE stream, of the host's own shop, started by its host or a co-host. */
@ApplicationScoped
public class LiveStreamSaleHostAccess implements SaleHostAccess {

    private final LiveStreamService streams;

    LiveStreamSaleHostAccess(LiveStreamService streams) {
        this.streams = streams;
    }

    @Override
    public Uni<Void> requireHostOfLiveShowcase(long streamId, long productId, CurrentUser user) {
        return streams.requireController(streamId, user).flatMap(stream -> {
            if (stream.status != LiveStreamStatus.LIVE) {
                throw ProblemException.conflict("stream-not-live", "Flash sales run only while the stream is LIVE");
            }
            return streams.inShowcase(streamId, productId).flatMap(inShowcase -> {
                if (!inShowcase) {
                    throw ProblemException.conflict("not-in-showcase", "Add the product to the stream's showcase first");
                }
                return streams.requireOwnShopProduct(stream.hostId, productId);
            });
        });
    }

    @Override
    public Uni<Boolean> runsStream(long streamId, CurrentUser user) {
        return streams.runsStream(streamId, user);
    }
}
