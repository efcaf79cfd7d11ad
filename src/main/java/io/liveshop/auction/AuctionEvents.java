package io.liveshop.auction;

import io.liveshop.platform.events.StreamEvent;
import io.smallrye.reactive.messaging.annotations.Broadcast;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/** Publishes auction events for viewers on {@code auction-events}. */
@ApplicationScoped
public class AuctionEvents {

    public static final String CHANNEL = "auction-events";
    static final String SECTION = "auction";
    private static final Logger LOG = Logger.getLogger(AuctionEvents.class);

    private final Emitter<StreamEvent> emitter;

    AuctionEvents(@Channel(CHANNEL) @Broadcast @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            Emitter<StreamEvent> emitter) {
        this.emitter = emitter;
    }

    void publish(StreamEvent event) {
        try {
            emitter.send(Message.of(event));
        } catch (RuntimeException e) {
            LOG.warnf("Dropped %s event for stream %d: %s", event.type(), event.streamId(), e.getMessage());
        }
    }

    static String key(long auctionId) {
        return "auction:" + auctionId;
    }
}
