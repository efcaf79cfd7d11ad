package io.liveshop.livestream;

import io.liveshop.platform.events.StreamEvent;
import io.smallrye.reactive.messaging.annotations.Broadcast;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** The livestream feature's outbound domain events, on the {@code livestream-events} channel. */
@ApplicationScoped
public class StreamEvents {

    private final Emitter<StreamEvent> emitter;
    private final StreamReads reads;

    StreamEvents(@Channel("livestream-events") @Broadcast @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
            Emitter<StreamEvent> emitter, StreamReads reads) {
        this.emitter = emitter;
        this.reads = reads;
    }

    public void publish(StreamEvent event) {
        // this node's read state moves first, so a viewer who re-reads on the event never gets the old page
        reads.on(event);
        emitter.send(event);
    }
}
