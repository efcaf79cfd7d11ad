package io.liveshop.platform.cluster;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.infinispan.Cache;
import org.infinispan.commons.dataconversion.MediaType;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachemanagerlistener.annotation.ViewChanged;
import org.infinispan.notifications.cachemanagerlistener.event.ViewChangedEvent;
import org.jboss.logging.Logger;

/**
 * This node's view of the cluster: its name, the members, replicated caches shared by every node (plain strings
 * and numbers, so they need no marshaller configuration) and each node's HTTP address for node-to-node calls.
 * With clustering off the "replicated" caches are local and this node is the whole cluster.
 */
@ApplicationScoped
public class Cluster {

    private static final Logger LOG = Logger.getLogger(Cluster.class);

    /** The shared caches, started at boot (a replicated cache's start waits for state transfer: never on a loop). */
    public static final String STREAM_HEADS = "stream-heads";
    public static final String STREAM_AUDIENCE = "stream-audience";
    public static final String SALE_OWNERS = "sale-owners";
    public static final String SALE_AVAILABLE = "sale-available";
    public static final String SALE_WON = "sale-won";
    public static final String AUCTION_OWNERS = "auction-owners";
    public static final String VOUCHER_OWNERS = "voucher-owners";
    /** Per-user frames for the other nodes' sockets: asynchronously replicated, each entry kept a minute. */
    public static final String USER_FRAMES = "user-frames";
    /** Change notices for what other nodes keep in memory (see ClusterChanges): the same kind of topic. */
    public static final String CHANGES = "changes";
    private static final String NODES = "cluster-nodes";
    private static final List<String> SHARED = List.of(STREAM_HEADS, STREAM_AUDIENCE, SALE_OWNERS, SALE_AVAILABLE,
            SALE_WON, AUCTION_OWNERS, VOUCHER_OWNERS, NODES);

    /** Fired (synchronously, on a transport thread: observers must not block) when members leave or join. */
    public record MembersChanged(List<String> members, List<String> left) {
    }

    private final EmbeddedCacheManager manager;
    private final ClusterConfig config;
    private final Event<MembersChanged> changes;
    private final int httpPort;
    private final Map<String, Cache<?, ?>> caches = new ConcurrentHashMap<>();
    private volatile List<String> members = List.of();

    Cluster(EmbeddedCacheManager manager, ClusterConfig config, Event<MembersChanged> changes,
            @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        this.manager = manager;
        this.config = config;
        this.changes = changes;
        this.httpPort = httpPort;
        ConfigurationBuilder shared = new ConfigurationBuilder();
        shared.clustering().cacheMode(config.enabled() ? CacheMode.REPL_SYNC : CacheMode.LOCAL)
                .encoding().mediaType(MediaType.APPLICATION_OBJECT_TYPE)
                .statistics().disable();
        for (String name : SHARED) {
            if (manager.getCacheConfiguration(name) == null) {
                manager.defineConfiguration(name, shared.build());
            }
            caches.put(name, manager.getCache(name));
        }
        ConfigurationBuilder topic = new ConfigurationBuilder();
        topic.clustering().cacheMode(config.enabled() ? CacheMode.REPL_ASYNC : CacheMode.LOCAL)
                .encoding().mediaType(MediaType.APPLICATION_OBJECT_TYPE)
                .expiration().lifespan(1, TimeUnit.MINUTES)
                .statistics().disable();
        for (String name : List.of(USER_FRAMES, CHANGES)) {
            if (manager.getCacheConfiguration(name) == null) {
                manager.defineConfiguration(name, topic.build());
            }
            caches.put(name, manager.getCache(name));
        }
        if (config.enabled() && config.secret().filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalStateException("LIVESHOP_CLUSTER_SECRET is required when LIVESHOP_CLUSTER_ENABLED=true");
        }
        members = names();
    }

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        Cache<String, String> nodes = replicated(NODES);
        nodes.put(nodeName(), httpUrl());
        manager.addListener(new ViewListener());
        LOG.infof("Cluster '%s': node %s (%s) joined; members %s", config.name(), nodeName(), httpUrl(), names());
    }

    public boolean enabled() {
        return config.enabled();
    }

    public String nodeName() {
        return config.enabled() ? NodeTransport.nodeName(config) : "local";
    }

    public List<String> members() {
        return members;
    }

    public boolean isMember(String node) {
        return !config.enabled() || members.contains(node);
    }

    /** The oldest member: the one node that does cluster-wide chores (viewer totals). */
    public boolean coordinator() {
        return !config.enabled() || manager.isCoordinator();
    }

    /** A shared cache (see the constants); replicated to every node when clustered. */
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> replicated(String name) {
        return (Cache<K, V>) Objects.requireNonNull(caches.get(name), name);
    }

    /** The HTTP base URL of a member, or null if it never announced one (or left). */
    public String httpUrl(String node) {
        return this.<String, String>replicated(NODES).get(node);
    }

    public String secret() {
        return config.secret().orElse("");
    }

    private String httpUrl() {
        return config.httpUrl().orElse("http://" + NodeTransport.HostPort.parse(config.bind()).host() + ":" + httpPort);
    }

    private List<String> names() {
        if (!config.enabled() || manager.getMembers() == null) {
            return List.of(nodeName());
        }
        return manager.getMembers().stream().map(Object::toString).toList();
    }

    @Listener(sync = false)
    public class ViewListener {
        @ViewChanged
        public void changed(ViewChangedEvent event) {
            List<String> now = event.getNewMembers().stream().map(Object::toString).toList();
            List<String> left = event.getOldMembers().stream().map(Object::toString).filter(m -> !now.contains(m))
                    .toList();
            members = now;
            LOG.infof("Cluster members now %s (left: %s)", now, left);
            changes.fire(new MembersChanged(now, left));
        }
    }
}
