package io.liveshop.platform;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Says at start, in production, where bearer tokens are verified from (the secrets were validated before). */
@ApplicationScoped
class ProductionStartup {

    private static final Logger LOG = Logger.getLogger(ProductionStartup.class);

    void report(@Observes StartupEvent start, ProductionSecrets secrets) {
        if (ConfigUtils.isProfileActive("prod")) {
            LOG.infof("Bearer tokens are verified with the key at %s for issuer %s", secrets.jwtPublicKeyLocation(),
                    secrets.jwtIssuer());
        }
    }
}
