package io.liveshop.identity;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * When the development token issuer is enabled and no verification key is configured, generates an RSA key
 * pair once per JVM (kept in system properties: Quarkus reads configuration in several class loaders) and
 * makes its public half the JWT verification key. No private key is ever committed or written to disk.
 */
public class DevSigningKeyConfigSourceFactory implements ConfigSourceFactory {

    static final String PRIVATE_KEY = "liveshop.internal.dev-jwt.private-key";
    static final String PUBLIC_KEY = "liveshop.internal.dev-jwt.public-key";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!devIssuerEnabled(context) || isSet(context, "mp.jwt.verify.publickey")
                || isSet(context, "mp.jwt.verify.publickey.location")) {
            return List.of();
        }
        ensureKeyPair();
        return List.of(new PropertiesConfigSource(
                Map.of("mp.jwt.verify.publickey", System.getProperty(PUBLIC_KEY)), "liveshop-dev-jwt", 275));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }

    static synchronized void ensureKeyPair() {
        if (System.getProperty(PRIVATE_KEY) != null) {
            return;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Base64.Encoder encoder = Base64.getEncoder();
            System.setProperty(PUBLIC_KEY, encoder.encodeToString(pair.getPublic().getEncoded()));
            System.setProperty(PRIVATE_KEY, encoder.encodeToString(pair.getPrivate().getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean devIssuerEnabled(ConfigSourceContext context) {
        ConfigValue explicit = context.getValue("liveshop.identity.dev-issuer.enabled");
        if (explicit != null && explicit.getValue() != null) {
            return Boolean.parseBoolean(explicit.getValue());
        }
        return context.getProfiles().stream().anyMatch(p -> p.equals("dev") || p.equals("test") || p.equals("loadtest"));
    }

    private static boolean isSet(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }
}
