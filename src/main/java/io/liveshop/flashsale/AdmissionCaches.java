package io.liveshop.flashsale;

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
 * The embedded Infinispan cache manager that holds admission state. Local (non-clustered) on purpose: one node
 * owns a sale's admission; clustering would need REPL/DIST caches with marshallable values and is not wired yet.
 */
@ApplicationScoped
public class AdmissionCaches {

    static final String SLOTS = "flash-sale-slots";
    static final String BUYERS = "flash-sale-buyers";

    @Produces
    @Singleton
    EmbeddedCacheManager cacheManager() {
        GlobalConfigurationBuilder global = new GlobalConfigurationBuilder().nonClusteredDefault();
        global.cacheManagerName("liveshop-admission").jmx().disable();
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
