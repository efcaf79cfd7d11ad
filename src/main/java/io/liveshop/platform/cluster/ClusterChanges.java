package io.liveshop.platform.cluster;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.infinispan.Cache;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.event.CacheEntryCreatedEvent;
import org.jboss.logging.Logger;

/**
 * Cluster mode: tells the other nodes that something changed under a key, so what they keep in memory about it (a
 * read cache's entry, a host panel) is read again. The same topic pattern as the per-user frames: a notice is a new
 * entry (unique key, kept a minute) of the asynchronously replicated {@code changes} cache; every other node hears
 * it from a listener and runs the handler registered for the notice's topic. Off (one node): {@link #publish} does
 * nothing and nothing listens.
 */
@ApplicationScoped
public class ClusterChanges {

    private static final Logger LOG = Logger.getLogger(ClusterChanges.class);

    private final Cluster cluster;
    private final Cache<String, String> notices;
    private final Map<String, Consumer<String>> handlers = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();

    ClusterChanges(Cluster cluster) {
        this.cluster = cluster;
        this.notices = cluster.replicated(Cluster.CHANGES);
    }

    void start(@Observes StartupEvent event) {
        if (cluster.enabled()) {
            notices.addListener(new NoticeListener());
        }
    }

    public boolean enabled() {
        return cluster.enabled();
    }

    /**
     * What to do when another node announces a change on this topic. The handler runs on the thread that applies
     * the replicated write: it must only mark things stale, never block.
     */
    public void on(String topic, Consumer<String> handler) {
        handlers.put(topic, handler);
    }

    /** Announces a change to the other nodes (no answer awaited); nothing at all when clustering is off. */
    public void publish(String topic, Object key) {
        if (!cluster.enabled()) {
            return;
        }
        notices.putAsync(cluster.nodeName() + "/" + next.incrementAndGet(), topic + "\n" + key)
                .whenComplete((v, failure) -> {
                    if (failure != null) {
                        LOG.warnf("A change of %s %s did not reach the other nodes: %s", topic, key, failure.getMessage());
                    }
                });
    }

    @Listener(sync = true)
    public class NoticeListener {
        @CacheEntryCreated
        public void created(CacheEntryCreatedEvent<String, String> event) {
            if (event.isPre() || event.isOriginLocal() || event.getValue() == null) {
                return;
            }
            String value = event.getValue();
            int cut = value.indexOf('\n');
            Consumer<String> handler = cut > 0 ? handlers.get(value.substring(0, cut)) : null;
            if (handler != null) {
                try {
                    handler.accept(value.substring(cut + 1));
                } catch (RuntimeException e) {
                    LOG.warnf("A change notice %s was not applied: %s", value, e.getMessage());
                }
            }
        }
    }
}
