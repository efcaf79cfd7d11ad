package io.liveshop.platform.cluster;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Clustering of identical nodes over Infinispan (JGroups TCP, TCPPING discovery: no multicast needed). */
@ConfigMapping(prefix = "liveshop.cluster")
public interface ClusterConfig {

    /** Off: one node, local caches, exactly the single-node behaviour. */
    @WithDefault("false")
    boolean enabled();

    /** This node's cluster transport, {@code host:port}; failure detection also listens on port + 1. */
    @WithDefault("127.0.0.1:7800")
    String bind();

    /** Initial members {@code host:port,…} (this node may be among them); any of them may start first. */
    Optional<List<String>> members();

    /** Nodes join only a cluster of the same name: give every deployment (and every test run) its own. */
    @WithDefault("liveshop")
    String name();

    /** How the other nodes reach this node's HTTP port; by default {@code http://<bind host>:<http port>}. */
    Optional<String> httpUrl();

    /** How long change notices for the other nodes' read caches are gathered before they go out as one write. */
    @WithDefault("20ms")
    Duration changesInterval();

    /** Shared by every node: authenticates node-to-node calls (/internal/cluster). Required when enabled. */
    Optional<String> secret();
}
