package io.liveshop.platform.cluster;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Cluster mode: tells the other nodes that something changed under a key, so what they keep in memory about it (a
 * read cache's entry, a host panel) is read again. The same topic pattern as the per-user frames: notices are new
 * entries (unique key, kept a minute) of the asynchronously replicated {@code changes} cache; every other node hears
 * them from a listener and runs the handler registered for each notice's topic. Notices are gathered for
 * {@code changes-interval} and go out as one entry (a rush's thousand order writes are a few entries, and a key
 * changed twice in that time is sent once). Off (one node): {@link #publish} does nothing and nothing listens.
 */
@ApplicationScoped
public class ClusterChanges {

    private static final Logger LOG = Logger.getLogger(ClusterChanges.class);

    private final Cluster cluster;
    private final ClusterConfig config;
    private final Vertx vertx;
    private final ClusterTopic notices;
    private final Map<String, Consumer<String>> handlers = new ConcurrentHashMap<>();
    /** {@code topic + "\n" + key} lines not sent yet. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    ClusterChanges(Cluster cluster, ClusterConfig config, Vertx vertx) {
        this.cluster = cluster;
        this.config = config;
        this.vertx = vertx;
        this.notices = new ClusterTopic(cluster, Cluster.CHANGES);
    }

    void start(@Observes StartupEvent event) {
        if (cluster.enabled()) {
            notices.listen(this::received);
            vertx.setPeriodic(Math.max(1, config.changesInterval().toMillis()), id -> flush());
        }
    }

    /**
     * What to do when another node announces a change on this topic. The handler runs on the thread that applies
     * the replicated write: it must only mark things stale, never block.
     */
    public void on(String topic, Consumer<String> handler) {
        handlers.put(topic, handler);
    }

    /** Announces a change to the other nodes within the interval (no answer awaited); nothing when clustering is off. */
    public void publish(String topic, Object key) {
        if (cluster.enabled()) {
            pending.add(topic + "\n" + key);
        }
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        StringBuilder batch = new StringBuilder();
        for (String notice : pending) {
            pending.remove(notice);
            batch.append(notice).append('\n');
        }
        notices.send(batch.toString(), "Change notices");
    }

    private void received(String batch) {
        String[] lines = batch.split("\n", -1);
        for (int i = 0; i + 1 < lines.length; i += 2) {
            Consumer<String> handler = handlers.get(lines[i]);
            if (handler != null) {
                try {
                    handler.accept(lines[i + 1]);
                } catch (RuntimeException e) {
                    LOG.warnf("A change notice %s %s was not applied: %s", lines[i], lines[i + 1], e.getMessage());
                }
            }
        }
    }
}
