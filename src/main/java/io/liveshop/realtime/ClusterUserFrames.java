package io.liveshop.realtime;

import io.liveshop.platform.cluster.Cluster;
import io.liveshop.platform.cluster.ClusterTopic;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * Cluster mode: a user's own frames (order status, a REST buy's answer) reach the user's sockets on every node.
 * The node where the change happened delivers to its own sockets directly and writes the encoded frame, once, as
 * a new entry of the asynchronously replicated {@code user-frames} cache (a topic: unique keys, entries expire
 * after a minute); every other node hears the entry from a listener and hands it to that user's local sockets.
 * Off (one node): nothing is written, the hub's local delivery is the whole path.
 */
@ApplicationScoped
public class ClusterUserFrames {

    private final Cluster cluster;
    private final ClusterTopic frames;
    private volatile BiConsumer<String, byte[]> delivery = (user, bytes) -> { };

    ClusterUserFrames(Cluster cluster) {
        this.cluster = cluster;
        this.frames = new ClusterTopic(cluster, Cluster.USER_FRAMES);
    }

    void start(@Observes StartupEvent event) {
        if (cluster.enabled()) {
            frames.listen(this::received);
        }
    }

    boolean enabled() {
        return cluster.enabled();
    }

    /** Where the other nodes' frames go (the hub), set once at its start. */
    void deliverTo(BiConsumer<String, byte[]> delivery) {
        this.delivery = delivery;
    }

    /** Sends one user's encoded frame to the other nodes (no answer awaited: best effort, like a socket write). */
    void publish(String userId, byte[] frame) {
        frames.send(userId + "\n" + new String(frame, StandardCharsets.UTF_8), "A frame for user " + userId);
    }

    /** Runs on the thread that applies the replicated write: it only hands the frame to the sockets' loops. */
    private void received(String value) {
        int cut = value.indexOf('\n');
        if (cut > 0) {
            delivery.accept(value.substring(0, cut), value.substring(cut + 1).getBytes(StandardCharsets.UTF_8));
        }
    }
}
