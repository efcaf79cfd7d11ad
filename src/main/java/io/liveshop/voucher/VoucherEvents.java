package io.liveshop.voucher;

import io.liveshop.platform.events.StreamEvent;
import io.smallrye.reactive.messaging.annotations.Broadcast;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/** Publishes voucher events for viewers on {@code voucher-events}. */
@ApplicationScoped
public class VoucherEvents {

    public static final String CHANNEL = "voucher-events";
    private static final Logger LOG = Logger.getLogger(VoucherEvents.class);

    private final Emitter<StreamEvent> emitter;

    VoucherEvents(@Channel(CHANNEL) @Broadcast @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
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
