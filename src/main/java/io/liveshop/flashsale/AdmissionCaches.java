package io.liveshop.flashsale;

import io.liveshop.platform.cluster.ClusterConfig;
import io.liveshop.platform.cluster.NodeTransport;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.infinispan.commons.dataconversion.MediaType;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.manager.EmbeddedCacheManager;

/**
 * The embedded Infinispan cache manager. Admission state stays in LOCAL caches even in a cluster: one node owns a
 * sale's admission (flashsale.SaleOwners) and the others forward to it; the cluster-wide caches are defined by
 * platform.cluster.Cluster on the same manager.
 */
@ApplicationScoped
public class AdmissionCaches {

    static final String SLOTS = "flash-sale-slots";
    static final String BUYERS = "flash-sale-buyers";

    @Produces
    @Singleton
    EmbeddedCacheManager cacheManager(ClusterConfig cluster) {
        return start(NodeTransport.global(cluster, "liveshop"));
    }

    /** A local manager (benchmarks). */
    EmbeddedCacheManager cacheManager() {
        GlobalConfigurationBuilder global = new GlobalConfigurationBuilder().nonClusteredDefault();
        global.cacheManagerName("liveshop-admission").jmx().disable();
        return start(global);
    }

    private static EmbeddedCacheManager start(GlobalConfigurationBuilder global) {
        DefaultCacheManager manager = new DefaultCacheManager(global.build(), true);
        ConfigurationBuilder local = new ConfigurationBuilder();
        local.clustering().cacheMode(CacheMode.LOCAL)
                .encoding().mediaType(MediaType.APPLICATION_OBJECT_TYPE)
                .statistics().disable();
        for (String name : new String[] { SLOTS, BUYERS }) {
            manager.defineConfiguration(name, local.build());
        }
        return manager;
    }

    void stop(@Observes ShutdownEvent event, EmbeddedCacheManager manager) {
        manager.stop();
    }
}
