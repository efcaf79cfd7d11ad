package io.liveshop.platform.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Packaged LiveShop nodes ({@code target/quarkus-app/quarkus-run.jar}) in one cluster on loopback, against a
 * PostgreSQL none of them owns (an embedded one started here): free ports, a cluster name of their own, one
 * shared JWT key pair. {@link #close} stops every process and the database.
 */
final class ClusterNodes implements AutoCloseable {

    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Node(int index, String name, int httpPort, int clusterPort, Path log, Process process) {
        String url() {
            return "http://127.0.0.1:" + httpPort;
        }

        String ws() {
            return "ws://127.0.0.1:" + httpPort;
        }
    }

    final EmbeddedPostgres postgres;
    final String jdbcUrl;
    final String clusterName = "liveshop-it-" + UUID.randomUUID().toString().substring(0, 8);
    final List<Node> nodes = new ArrayList<>();
    private final Path dir;
    private final List<int[]> ports = new ArrayList<>();
    private final List<Node> strangers = new ArrayList<>();

    ClusterNodes(int count) throws Exception {
        dir = Files.createTempDirectory("liveshop-cluster-it");
        postgres = EmbeddedPostgres.builder().setServerConfig("max_connections", "300")
                .setServerConfig("synchronous_commit", "on").start();
        jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        writeKeys();
        for (int i = 0; i < count; i++) {
            ports.add(new int[] { freePort(), freeClusterPort() });
        }
    }

    /** Starts the first node, waits until it serves, then the others together, and waits until all joined. */
    void startAll() throws Exception {
        nodes.add(start(0));
        awaitReady(nodes.get(0));
        for (int i = 1; i < ports.size(); i++) {
            nodes.add(start(i));
        }
        for (Node node : nodes) {
            awaitReady(node);
        }
        awaitMembers(nodes.get(0), ports.size());
    }

    String members() {
        return ports.stream().map(p -> "127.0.0.1:" + p[1]).collect(Collectors.joining(","));
    }

    private Node start(int i) throws IOException {
        return start(i, "it-secret-" + clusterName);
    }

    /**
     * A process with this cluster's name and members but another secret (not in {@link #nodes}; stopped by
     * {@link #close}).
     */
    Node startStranger(String secret) throws IOException {
        ports.add(new int[] { freePort(), freeClusterPort() });
        Node stranger = start(ports.size() - 1, secret);
        strangers.add(stranger);
        return stranger;
    }

    private Node start(int i, String secret) throws IOException {
        int[] p = ports.get(i);
        Path log = dir.resolve("node-" + i + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", JAR.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("LIVESHOP_") || k.startsWith("QUARKUS_") || k.equals("PORT"));
        env.put("QUARKUS_PROFILE", "loadtest");
        env.put("PORT", Integer.toString(p[0]));
        env.put("LIVESHOP_DB_URL", jdbcUrl);
        env.put("LIVESHOP_DB_USER", "postgres");
        env.put("LIVESHOP_DB_PASSWORD", "postgres");
        env.put("LIVESHOP_EMBEDDED_DB_ENABLED", "false");
        env.put("LIVESHOP_CLUSTER_ENABLED", "true");
        env.put("LIVESHOP_CLUSTER_BIND", "127.0.0.1:" + p[1]);
        env.put("LIVESHOP_CLUSTER_MEMBERS", members());
        env.put("LIVESHOP_CLUSTER_NAME", clusterName);
        env.put("LIVESHOP_CLUSTER_SECRET", secret);
        env.put("LIVESHOP_JWT_SIGNING_KEY_LOCATION", "file:" + dir.resolve("jwt-private.pem"));
        env.put("LIVESHOP_JWT_PUBLIC_KEY_LOCATION", "file:" + dir.resolve("jwt-public.pem"));
        return new Node(i, "127.0.0.1:" + p[1], p[0], p[1], log, builder.start());
    }

    void kill(Node node) throws InterruptedException {
        node.process().destroyForcibly();
        node.process().waitFor(30, TimeUnit.SECONDS);
    }

    String log(Node node) {
        try {
            return Files.readString(node.log(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    void awaitReady(Node node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!node.process().isAlive()) {
                throw new AssertionError("node " + node.index() + " exited\n" + log(node));
            }
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(node.url() + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("node " + node.index() + " never became ready\n" + log(node));
    }

    /** Members as the node logs them on each view change ({@code Cluster members now [...]}). */
    void awaitMembers(Node node, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            String log = log(node);
            int at = log.lastIndexOf("Cluster members now [");
            if (at >= 0) {
                String list = log.substring(at + 21, log.indexOf(']', at));
                if (list.split(",").length == count) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the cluster never had " + count + " members\n" + log(node));
    }

    private void writeKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(dir.resolve("jwt-private.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + mime.encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(dir.resolve("jwt-public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + mime.encodeToString(pair.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The transport port and the one above it (failure detection) both free. */
    private static int freeClusterPort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freePort();
            if (port < 65535) {
                try (ServerSocket next = new ServerSocket(port + 1)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no two adjacent free ports");
    }

    @Override
    public void close() throws Exception {
        List<Node> all = new ArrayList<>(nodes);
        all.addAll(strangers);
        for (Node node : all) {
            node.process().destroyForcibly();
        }
        for (Node node : all) {
            node.process().waitFor(30, TimeUnit.SECONDS);
        }
        postgres.close();
        try (var files = Files.list(dir)) {
            files.forEach(f -> f.toFile().delete());
        }
        Files.deleteIfExists(dir);
    }
}
