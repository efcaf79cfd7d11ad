package io.liveshop.platform;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies the datasource URLs. In order of precedence:
 * explicit {@code quarkus.datasource.*} keys, then {@code LIVESHOP_DB_URL} (a JDBC URL) with
 * {@code LIVESHOP_DB_USER}/{@code LIVESHOP_DB_PASSWORD}, then an embedded PostgreSQL started from the zonky
 * binaries, but only in the dev, test and loadtest profiles or when {@code liveshop.embedded-db.enabled=true}.
 *
 * <p>Quarkus builds its configuration more than once per JVM (build step, runtime, every dev-mode reload),
 * in different class loaders, so the started server is remembered in system properties rather than a static.
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {

    static final String STARTED_URL = "liveshop.internal.embedded-db.jdbc-url";
    private static final List<String> EMBEDDED_PROFILES = List.of("dev", "test", "loadtest");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (isSet(context, "quarkus.datasource.reactive.url") || isSet(context, "quarkus.datasource.jdbc.url")) {
            return List.of();
        }
        String jdbcUrl = value(context, "liveshop.db.url");
        String user = value(context, "liveshop.db.user");
        String password = value(context, "liveshop.db.password");
        if (jdbcUrl == null) {
            if (!embeddedEnabled(context)) {
                return List.of();
            }
            jdbcUrl = startEmbedded(value(context, "liveshop.embedded-db.data-dir"));
            user = "postgres";
            password = "postgres";
        }
        Map<String, String> props = new HashMap<>();
        props.put("quarkus.datasource.jdbc.url", jdbcUrl);
        props.put("quarkus.datasource.reactive.url", jdbcUrl.replaceFirst("^jdbc:", ""));
        if (user != null) {
            props.put("quarkus.datasource.username", user);
        }
        if (password != null) {
            props.put("quarkus.datasource.password", password);
        }
        return List.of(new PropertiesConfigSource(props, "liveshop-database", 275));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }

    private static boolean embeddedEnabled(ConfigSourceContext context) {
        String explicit = value(context, "liveshop.embedded-db.enabled");
        if (explicit != null) {
            return Boolean.parseBoolean(explicit);
        }
        return context.getProfiles().stream().anyMatch(EMBEDDED_PROFILES::contains);
    }

    private static synchronized String startEmbedded(String dataDir) {
        String started = System.getProperty(STARTED_URL);
        if (started != null) {
            return started;
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "on")
                    // zonky defaults to synchronous_commit=off: a commit (a WON answer) could vanish with the machine
                    .setServerConfig("synchronous_commit", "on");
            if (dataDir != null) {
                File dir = new File(dataDir).getAbsoluteFile();
                dir.mkdirs();
                builder.setDataDirectory(dir).setCleanDataDirectory(false);
            }
            EmbeddedPostgres postgres = builder.start();
            String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
            System.setProperty(STARTED_URL, url);
            return url;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
        }
    }

    private static boolean isSet(ConfigSourceContext context, String name) {
        return value(context, name) != null;
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }
}
