package io.liveshop.platform.cluster;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;
import org.jgroups.JChannel;

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
        global.transport().clusterName(config.name()).nodeName(nodeName(config))
                .transport(new JGroupsTransport(channel(bind, hosts, members.size())));
        return global;
    }

    /** Unique in the cluster: the transport address. */
    public static String nodeName(ClusterConfig config) {
        return config.bind();
    }

    private static JChannel channel(HostPort bind, String hosts, int members) {
        try (InputStream in = NodeTransport.class.getResourceAsStream("/liveshop-jgroups.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@BIND_ADDR@", bind.host())
                    .replace("@BIND_PORT@", Integer.toString(bind.port()))
                    .replace("@INITIAL_HOSTS@", hosts)
                    ;
            return new JChannel(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the cluster transport on " + bind, e);
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
