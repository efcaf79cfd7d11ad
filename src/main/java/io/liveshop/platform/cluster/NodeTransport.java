package io.liveshop.platform.cluster;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import javax.sql.DataSource;
import org.infinispan.remoting.transport.jgroups.JGroupsChannelConfigurator;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;
import org.jgroups.conf.ProtocolConfiguration;
import org.jgroups.util.SocketFactory;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.jgroups.JChannel;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.stack.ProtocolStack;

/**
 * The Infinispan global configuration of this node: local only when clustering is off, else a JGroups TCP
 * transport on {@code bind} that finds its peers with TCPPING from {@code members} (resources/liveshop-jgroups.xml:
 * Infinispan's default TCP stack with TCPPING in place of multicast MPING).
 */
public final class NodeTransport {

    private NodeTransport() {
    }

    public static GlobalConfigurationBuilder global(ClusterConfig config, String managerName) {
        if (!config.enabled()) {
            GlobalConfigurationBuilder global = new GlobalConfigurationBuilder().nonClusteredDefault();
            global.cacheManagerName(managerName).jmx().disable();
            return global;
        }
        HostPort bind = HostPort.parse(config.bind());
        List<String> members = config.members().orElse(List.of(config.bind()));
        String hosts = members.stream().map(HostPort::parse).map(m -> m.host() + "[" + m.port() + "]")
                .collect(Collectors.joining(","));
        GlobalConfigurationBuilder global = new GlobalConfigurationBuilder().clusteredDefault();
        global.cacheManagerName(managerName).jmx().disable();
        // a channel configurator, not transport(new JGroupsTransport(channel)): Infinispan copies the transport
        // attribute into a fresh JGroupsTransport, which would run its default UDP stack instead of this one
        global.transport().clusterName(config.name()).nodeName(nodeName(config))
                .addProperty(JGroupsTransport.CHANNEL_CONFIGURATOR, new Stack(bind, hosts, config));
        return global;
    }

    /** Unique in the cluster: the transport address. */
    public static String nodeName(ClusterConfig config) {
        return config.bind();
    }

    private static JChannel channel(HostPort bind, String hosts, ClusterConfig config) {
        try (InputStream in = NodeTransport.class.getResourceAsStream("/liveshop-jgroups.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@BIND_ADDR@", bind.host())
                    .replace("@BIND_PORT@", Integer.toString(bind.port()))
                    .replace("@INITIAL_HOSTS@", hosts);
            JChannel channel = new JChannel(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            encrypt(channel, config);
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the cluster transport on " + bind, e);
        }
    }

    /**
     * Every message above failure detection is encrypted (AES) with a key derived from the cluster secret, placed
     * directly under NAKACK2 as JGroups advises: a process without the secret can neither read the traffic nor
     * join (its messages do not decrypt, so the coordinator never sees its join request). Discovery (TCPPING)
     * and failure detection stay in clear text: they carry addresses only.
     */
    private static void encrypt(JChannel channel, ClusterConfig config) throws Exception {
        String secret = config.secret().filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "LIVESHOP_CLUSTER_SECRET is required when LIVESHOP_CLUSTER_ENABLED=true"));
        SYM_ENCRYPT encrypt = new SYM_ENCRYPT().setSecretKey(key(secret, config.name()));
        channel.getProtocolStack().insertProtocol(encrypt, ProtocolStack.Position.BELOW, NAKACK2.class);
        encrypt.init(); // the stack was initialized before this protocol joined it
    }

    /** The same 256-bit AES key on every node of a cluster: PBKDF2 of the secret, salted with the cluster name. */
    static SecretKey key(String secret, String clusterName) throws Exception {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(),
                ("liveshop-jgroups/" + clusterName).getBytes(StandardCharsets.UTF_8), 100_000, 256);
        byte[] bytes = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        return new SecretKeySpec(bytes, "AES");
    }

    /** Hands Infinispan this node's channel: liveshop-jgroups.xml filled in, encryption added. */
    private record Stack(HostPort bind, String hosts, ClusterConfig config) implements JGroupsChannelConfigurator {
        @Override
        public String getName() {
            return "liveshop-tcp";
        }

        @Override
        public JChannel createChannel(String clusterName) {
            return channel(bind, hosts, config);
        }

        @Override
        public void setSocketFactory(SocketFactory socketFactory) {
            // JGroups' own sockets are fine: the factory only names them
        }

        @Override
        public void setDataSource(DataSource dataSource) {
            // no JDBC-based discovery here
        }

        @Override
        public String getProtocolStackString() {
            return "liveshop-jgroups.xml with SYM_ENCRYPT";
        }

        @Override
        public List<ProtocolConfiguration> getProtocolStack() {
            return List.of();
        }
    }

    public record HostPort(String host, int port) {
        public static HostPort parse(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("expected host:port, got '" + value + "'");
            }
            return new HostPort(value.substring(0, colon).strip(), Integer.parseInt(value.substring(colon + 1).strip()));
        }
    }
}
