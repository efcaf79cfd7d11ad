package io.liveshop.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * What production cannot start without, beside the webhook secret and payment provider that
 * {@code payment.PaymentsConfig} requires. In the prod profile these are bound to environment variables with no
 * default, so a missing one fails configuration validation at start with one line naming the variable, e.g.
 * {@code SRCFG00011: Could not expand value LIVESHOP_JWT_ISSUER in property liveshop.production.jwt-issuer}.
 * Dev, test and loadtest do not need them (their tokens come from the development issuer).
 */
@ConfigMapping(prefix = "liveshop.production")
public interface ProductionSecrets {

    String NOT_REQUIRED = "not-required-outside-prod";

    /** {@code LIVESHOP_JWT_PUBLIC_KEY_LOCATION}: the PEM public key that verifies bearer tokens. */
    @WithDefault(NOT_REQUIRED)
    String jwtPublicKeyLocation();

    /** {@code LIVESHOP_JWT_ISSUER}: the {@code iss} claim tokens must carry. */
    @WithDefault(NOT_REQUIRED)
    String jwtIssuer();
}
