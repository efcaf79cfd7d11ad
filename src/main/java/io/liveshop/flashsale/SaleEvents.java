package io.liveshop.flashsale;

import io.liveshop.platform.events.StreamEvent;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.reactive.messaging.annotations.Broadcast;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/** Publishes sale events for viewers on {@code sale-events}. */
@ApplicationScoped
public class SaleEvents {

    public static final String CHANNEL = "sale-events";
    private static final Logger LOG = Logger.getLogger(SaleEvents.class);

    private final Emitter<StreamEvent> emitter;

    SaleEvents(@Channel(CHANNEL) @Broadcast @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
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
}
