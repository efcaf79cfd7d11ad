package io.liveshop.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Starts the packaged application ({@code target/quarkus-app/quarkus-run.jar}, built in the package phase; this
 * runs in the integration-test phase) in the prod profile and checks it refuses to start without its secrets,
 * naming each missing variable. It never gets as far as the database.
 */
class ProductionStartupIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final List<String> REQUIRED = List.of("LIVESHOP_WEBHOOK_SECRET", "LIVESHOP_PAYMENTS_PROVIDER",
            "LIVESHOP_JWT_PUBLIC_KEY_LOCATION", "LIVESHOP_JWT_ISSUER");

    @Test
    void prodWithoutSecretsExitsNamingEveryMissingVariable() throws Exception {
        Run run = start(Map.of());
        assertNotEquals(0, run.exitCode(), run.output());
        for (String variable : REQUIRED) {
            assertTrue(run.output().contains("Could not expand value " + variable), variable + "\n" + run.output());
        }
    }

    @Test
    void prodWithoutTheWebhookSecretExitsNamingIt() throws Exception {
        Run run = start(Map.of("LIVESHOP_PAYMENTS_PROVIDER", "sandbox", "LIVESHOP_JWT_ISSUER", "https://id.example",
                "LIVESHOP_JWT_PUBLIC_KEY_LOCATION", "file:/keys/jwt.pem"));
        assertNotEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains("Could not expand value LIVESHOP_WEBHOOK_SECRET"), run.output());
        assertFalse(run.output().contains("LIVESHOP_JWT_ISSUER"), run.output());
        assertFalse(run.output().contains("sandbox-webhook-secret"), run.output());
    }

    private record Run(int exitCode, String output) {
    }

    private static Run start(Map<String, String> env) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.exists(JAR), "the packaged application is built in the package phase");
        Path log = Files.createTempFile("liveshop-prod-start", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("LIVESHOP_") || k.startsWith("QUARKUS_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                throw new AssertionError("the application did not exit: it started without its secrets\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
