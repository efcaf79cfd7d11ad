package io.liveshop.flashsale;

import io.liveshop.platform.events.StreamEvent;
import io.liveshop.platform.events.UserEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Test-only observer: keeps the most recent sale and order events in memory, beside the realtime gateway (both
 * channels are {@code @Broadcast}), so tests can see exactly what was published. It lives in the tests so that
 * production never holds these events.
 */
@ApplicationScoped
public class PreGatewayEventLog {

    static final int KEEP = 50_000;

    private final Deque<StreamEvent> streamEvents = new ArrayDeque<>();
    private final Deque<UserEvent> userEvents = new ArrayDeque<>();

    @Incoming(SaleEvents.CHANNEL)
    void onStreamEvent(StreamEvent event) {
        synchronized (streamEvents) {
            if (streamEvents.size() == KEEP) {
                streamEvents.removeFirst();
            }
            streamEvents.addLast(event);
        }
    }

    @Incoming("order-events")
    void onUserEvent(UserEvent event) {
        synchronized (userEvents) {
            if (userEvents.size() == KEEP) {
                userEvents.removeFirst();
            }
            userEvents.addLast(event);
        }
    }

    public List<StreamEvent> streamEvents() {
        synchronized (streamEvents) {
            return new ArrayList<>(streamEvents);
        }
    }

    public List<UserEvent> userEvents() {
        synchronized (userEvents) {
            return new ArrayList<>(userEvents);
        }
    }
}
