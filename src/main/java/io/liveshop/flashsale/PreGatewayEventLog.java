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
 * PLACEHOLDER until the realtime gateway lands: the only consumer of {@code sale-events} and
 * {@code order-events}, so SmallRye does not reject unconsumed channels. It keeps the most recent events in memory
 * for tests and debugging. Delete it when {@code io.liveshop.realtime} consumes these channels (two consumers of
 * one in-memory channel would need {@code @Broadcast}).
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
