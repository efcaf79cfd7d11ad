package io.liveshop.platform.cluster;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.infinispan.Cache;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.event.CacheEntryCreatedEvent;
import org.jboss.logging.Logger;

/**
 * A topic over one of {@link Cluster}'s asynchronously replicated caches: each message is a new entry under a
 * unique key ({@code node/counter}; the cache expires it), and every other node hears it from a listener. Best
 * effort, like a socket write: nothing is awaited, a failed send is logged.
 */
public final class ClusterTopic {

    private static final Logger LOG = Logger.getLogger(ClusterTopic.class);

    private final Cluster cluster;
    private final Cache<String, String> entries;
    private final AtomicLong next = new AtomicLong();

    public ClusterTopic(Cluster cluster, String cacheName) {
        this.cluster = cluster;
        this.entries = cluster.replicated(cacheName);
    }

    /** Sends a message to the other nodes; {@code what} names it in the warning if it does not get there. */
    public void send(String message, String what) {
        entries.putAsync(cluster.nodeName() + "/" + next.incrementAndGet(), message).whenComplete((v, failure) -> {
            if (failure != null) {
                LOG.warnf("%s did not reach the other nodes: %s", what, failure.getMessage());
            }
        });
    }

    /**
     * Hands every message from another node to {@code receiver}, on the thread that applies the replicated write:
     * it must only hand work on, never block.
     */
    public void listen(Consumer<String> receiver) {
        entries.addListener(new Receiver(receiver));
    }

    @Listener(sync = true)
    public static final class Receiver {
        private final Consumer<String> receiver;

        Receiver(Consumer<String> receiver) {
            this.receiver = receiver;
        }

        @CacheEntryCreated
        public void created(CacheEntryCreatedEvent<String, String> event) {
            if (!event.isPre() && !event.isOriginLocal() && event.getValue() != null) {
                receiver.accept(event.getValue());
            }
        }
    }
}
