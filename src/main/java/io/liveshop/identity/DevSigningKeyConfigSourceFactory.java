package io.liveshop.identity;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * When the development token issuer is enabled and no verification key is configured, generates an RSA key
 * pair once per JVM (kept in system properties: Quarkus reads configuration in several class loaders) and
 * makes its public half the JWT verification key. No private key is ever committed or written to disk.
 * Nodes of a cluster share one key instead: {@code LIVESHOP_JWT_SIGNING_KEY_LOCATION} (a PKCS#8 PEM private key)
 * with {@code LIVESHOP_JWT_PUBLIC_KEY_LOCATION}, so a token minted on any node is accepted by every node.
 */
public class DevSigningKeyConfigSourceFactory implements ConfigSourceFactory {

    static final String PRIVATE_KEY = "liveshop.internal.dev-jwt.private-key";
    static final String PUBLIC_KEY = "liveshop.internal.dev-jwt.public-key";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (!devIssuerEnabled(context)) {
            return List.of();
        }
        String signingKey = value(context, SIGNING_KEY_ENV);
        if (signingKey != null) {
            loadPrivateKey(signingKey);
            String publicKey = value(context, PUBLIC_KEY_ENV);
            if (publicKey == null) {
                throw new IllegalStateException(SIGNING_KEY_ENV + " needs " + PUBLIC_KEY_ENV + " beside it");
            }
            return List.of(new PropertiesConfigSource(Map.of("mp.jwt.verify.publickey.location", publicKey),
                    "liveshop-shared-jwt", 275));
        }
        if (isSet(context, "mp.jwt.verify.publickey") || isSet(context, "mp.jwt.verify.publickey.location")) {
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

    static final String SIGNING_KEY_ENV = "LIVESHOP_JWT_SIGNING_KEY_LOCATION";
    static final String PUBLIC_KEY_ENV = "LIVESHOP_JWT_PUBLIC_KEY_LOCATION";

    /** The shared signing key ({@code file:/path} or a path), read once per JVM like the generated one. */
    static synchronized void loadPrivateKey(String location) {
        if (System.getProperty(PRIVATE_KEY) != null) {
            return;
        }
        try {
            String pem = Files.readString(Path.of(location.startsWith("file:") ? location.substring(5) : location));
            String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            System.setProperty(PRIVATE_KEY, base64);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(SIGNING_KEY_ENV + " must name a PKCS#8 PEM RSA private key: " + location, e);
        }
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

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }

    private static boolean isSet(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }
}
