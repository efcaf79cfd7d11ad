package io.liveshop.voucher;

import io.liveshop.livestream.LiveStreamStatus;
import io.liveshop.livestream.StreamStatusChanged;
import io.liveshop.platform.events.StreamEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * When a stream ends, its live-only vouchers stop being claimable at once: each one's owner marks it NOT_LIVE in
 * memory (later claims are answered without a database round trip) and its clock sends {@code voucher.closed}
 * NOT_LIVE to the viewers still watching.
 */
@ApplicationScoped
public class VoucherStreamEnd {

    private static final Logger LOG = Logger.getLogger(VoucherStreamEnd.class);

    private final VoucherService vouchers;

    VoucherStreamEnd(VoucherService vouchers) {
        this.vouchers = vouchers;
    }

    @Incoming("livestream-events")
    public Uni<Void> on(StreamEvent event) {
        if (!(event instanceof StreamStatusChanged status) || status.status() != LiveStreamStatus.ENDED) {
            return Uni.createFrom().voidItem();
        }
        return vouchers.streamEnded(status.streamId()).onFailure().recoverWithItem(failure -> {
            // a claim still finds the stream ENDED in its own transaction and answers NOT_LIVE
            LOG.warnf("Closing the vouchers of ended stream %d: %s", status.streamId(), failure.getMessage());
            return null;
        });
    }
}
