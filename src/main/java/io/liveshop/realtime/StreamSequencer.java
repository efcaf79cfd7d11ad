package io.liveshop.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liveshop.platform.cluster.Cluster;
import io.liveshop.platform.events.SnapshotSection;
import io.liveshop.platform.events.StreamEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.infinispan.Cache;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryModified;
import org.infinispan.notifications.cachelistener.event.CacheEntryEvent;
import org.jboss.logging.Logger;

/**
 * Cluster mode: one sequence per stream for the whole cluster. A node appends an event with a compare-and-set
 * on the stream's entry in the replicated {@code stream-heads} cache (Infinispan runs the conditional write on
 * the key's primary owner under its lock, so exactly one append wins per sequence number); every node, the
 * appender included, hears each new head from a listener, in the key's write order, and delivers its frame to
 * its local viewers. A node appends its own events for one stream one at a time, so they keep their order.
 */
@ApplicationScoped
public class StreamSequencer {

    private static final Logger LOG = Logger.getLogger(StreamSequencer.class);

    private final Cluster cluster;
    private final Cache<Long, String> heads;
    private final FrameEncoder encoder;
    private final ObjectMapper json;
    private final Map<Long, ArrayDeque<StreamEvent>> pending = new ConcurrentHashMap<>();
    private volatile BiConsumer<Long, StreamHead> delivery = (id, head) -> { };

    StreamSequencer(Cluster cluster, FrameEncoder encoder, ObjectMapper json) {
        this.json = json;
        this.cluster = cluster;
        this.encoder = encoder;
        this.heads = cluster.replicated(Cluster.STREAM_HEADS);
    }

    void start(@Observes StartupEvent event) {
        if (cluster.enabled()) {
            heads.addListener(new HeadListener());
        }
    }

    boolean enabled() {
        return cluster.enabled();
    }

    /** Where heads go (the hub), set once at its start. */
    void deliverTo(BiConsumer<Long, StreamHead> delivery) {
        this.delivery = delivery;
    }

    /** The stream's head as this node knows it (a local read), or null before its first event or join. */
    StreamHead head(long streamId) {
        String text = heads.get(streamId);
        return text == null ? null : StreamHead.decode(text);
    }

    /** Makes sure the stream has a head, so a joiner sees the stream's epoch before its first event. */
    Uni<StreamHead> ensureHead(long streamId) {
        StreamHead known = head(streamId);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        String first = StreamHead.first(newEpoch()).encode();
        return Uni.createFrom().completionStage(heads.putIfAbsentAsync(streamId, first))
                .map(existing -> StreamHead.decode(existing == null ? first : existing));
    }

    /** Appends an event to its stream; its frame reaches this node's viewers through the listener. */
    void append(StreamEvent event) {
        long streamId = event.streamId();
        boolean idle;
        ArrayDeque<StreamEvent> queue = pending.computeIfAbsent(streamId, id -> new ArrayDeque<>());
        synchronized (queue) {
            idle = queue.isEmpty();
            queue.add(event);
        }
        if (idle) {
            appendNext(streamId, queue);
        }
    }

    private void appendNext(long streamId, ArrayDeque<StreamEvent> queue) {
        StreamEvent event;
        synchronized (queue) {
            event = queue.peek();
        }
        cas(streamId, event, 0).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.errorf(failure, "Event %s of stream %d could not be appended; dropped", event.type(), streamId);
            }
            boolean more;
            synchronized (queue) {
                queue.poll();
                more = !queue.isEmpty();
            }
            if (more) {
                appendNext(streamId, queue);
            }
        });
    }

    private CompletionStage<Boolean> cas(long streamId, StreamEvent event, int attempt) {
        String current = heads.get(streamId);
        StreamHead base = current == null ? StreamHead.first(newEpoch()) : StreamHead.decode(current);
        Frame frame = encoder.event(base.seq() + 1, event);
        String next = base.next(frame.key(), new String(frame.bytes(), StandardCharsets.UTF_8), section(event)).encode();
        CompletionStage<Boolean> written = current == null
                ? heads.putIfAbsentAsync(streamId, next).thenApply(previous -> previous == null)
                : heads.replaceAsync(streamId, current, next);
        return written.thenCompose(ok -> {
            if (ok) {
                return CompletableFuture.completedFuture(true);
            }
            if (attempt > 1000) {
                return CompletableFuture.failedFuture(new IllegalStateException("too much contention"));
            }
            return cas(streamId, event, attempt + 1);
        });
    }

    private String section(StreamEvent event) {
        SnapshotSection.SectionUpdate update = event.section();
        if (update == null) {
            return "";
        }
        try {
            return update.section() + "\t" + update.key() + "\t"
                    + (update.item() == null ? "" : json.writeValueAsString(update.item()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot encode the section update of " + event.type(), e);
        }
    }

    private static String newEpoch() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** Runs on the thread that applies the write, so a key's heads are heard in their write order. */
    @Listener(sync = true)
    public class HeadListener {
        @CacheEntryCreated
        @CacheEntryModified
        public void changed(CacheEntryEvent<Long, String> event) {
            if (event.isPre() || event.getValue() == null) {
                return;
            }
            StreamHead head = StreamHead.decode(event.getValue());
            if (head.seq() > 0) {
                delivery.accept(event.getKey(), head);
            }
        }
    }
}
