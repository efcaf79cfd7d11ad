package io.liveshop.livestream;

import io.liveshop.platform.events.StreamEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** The livestream feature's outbound domain events, on the {@code livestream-events} channel. */
@ApplicationScoped
public class StreamEvents {

    private final Emitter<StreamEvent> emitter;

    StreamEvents(@Channel("livestream-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
            Emitter<StreamEvent> emitter) {
        this.emitter = emitter;
    }

    public void publish(StreamEvent event) {
        emitter.send(event);
    }
}
