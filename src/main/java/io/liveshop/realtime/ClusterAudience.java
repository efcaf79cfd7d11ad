package io.liveshop.realtime;

import io.liveshop.platform.cluster.Cluster;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.infinispan.Cache;

/**
 * Cluster mode: viewer counts over all nodes. Every tick each node writes its own live count per stream into the
 * replicated {@code stream-audience} cache ({@code <stream>@<node>}, expiring unless refreshed, so a dead node's
 * viewers drop out); every node sums them for its snapshots and the audience endpoint; the coordinator alone
 * keeps the peak ({@code <stream>#peak}) and publishes the viewer-count event when the totals change.
 */
@ApplicationScoped
class ClusterAudience {

    private static final long REPORT_LIFESPAN_MILLIS = 5_000;

    private final Cluster cluster;
    private final Cache<String, Integer> counts;
    private final Map<Long, int[]> published = new ConcurrentHashMap<>();

    ClusterAudience(Cluster cluster) {
        this.cluster = cluster;
        this.counts = cluster.replicated(Cluster.STREAM_AUDIENCE);
    }

    boolean enabled() {
        return cluster.enabled();
    }

    /** One tick: report this node's counts, refresh totals, and (coordinator) publish changed ones. */
    void round(Collection<StreamChannel> channels, Consumer<ViewersChanged> publish) {
        String node = cluster.nodeName();
        for (StreamChannel channel : channels) {
            counts.putAsync(channel.streamId + "@" + node, channel.audience()[0], REPORT_LIFESPAN_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
        Map<Long, int[]> totals = totals();
        for (StreamChannel channel : channels) {
            channel.clusterAudience = totals.getOrDefault(channel.streamId, new int[] { 0, 0 });
        }
        if (!cluster.coordinator()) {
            return;
        }
        totals.forEach((streamId, total) -> {
            if (total[0] > total[1]) {
                counts.putAsync(streamId + "#peak", total[0]);
                total[1] = total[0];
            }
            int[] last = published.get(streamId);
            if (last == null || last[0] != total[0] || last[1] != total[1]) {
                published.put(streamId, total.clone());
                publish.accept(new ViewersChanged(streamId, total[0], total[1]));
            }
        });
    }

    /** Live and peak over the cluster (as of each node's last tick). */
    int[] totals(long streamId) {
        return totals().getOrDefault(streamId, new int[] { 0, 0 });
    }

    private Map<Long, int[]> totals() {
        Map<Long, int[]> totals = new HashMap<>();
        counts.forEach((key, value) -> {
            int at = key.indexOf('@');
            boolean peak = at < 0;
            long streamId = Long.parseLong(key.substring(0, peak ? key.indexOf('#') : at));
            int[] t = totals.computeIfAbsent(streamId, id -> new int[2]);
            if (peak) {
                t[1] = Math.max(t[1], value);
            } else {
                t[0] += value;
            }
        });
        totals.values().forEach(t -> t[1] = Math.max(t[0], t[1]));
        return totals;
    }
}
