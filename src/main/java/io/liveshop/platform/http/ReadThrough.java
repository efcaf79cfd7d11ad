package io.liveshop.platform.http;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Read state kept in memory and loaded on demand. Every value is stamped with the version its key had when the
 * load started; a domain event bumps that version, so the next read loads the committed state again (once, however
 * many requests miss at the same time: they share one load). A load that was overtaken by an event serves the
 * requests already waiting for it and is then read as stale.
 */
public final class ReadThrough<K, V> {

    private record Stamped<V>(long version, V value) {
    }

    private record Pending<V>(long version, Uni<V> load) {
    }

    private final ConcurrentHashMap<K, Stamped<V>> ready = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<K, Pending<V>> loading = new ConcurrentHashMap<>();
    private final Function<K, Uni<V>> loader;
    private final int maxEntries;

    public ReadThrough(int maxEntries, Function<K, Uni<V>> loader) {
        this.maxEntries = maxEntries;
        this.loader = loader;
    }

    /** The value for this version if it is in memory, else null. */
    public V peek(K key, long version) {
        Stamped<V> stamped = ready.get(key);
        return stamped != null && stamped.version() == version ? stamped.value() : null;
    }

    public Uni<V> get(K key, long version) {
        V value = peek(key, version);
        if (value != null) {
            return Uni.createFrom().item(value);
        }
        return loading.compute(key, (k, pending) -> pending != null && pending.version() >= version ? pending
                : new Pending<>(version, load(k, version))).load();
    }

    private Uni<V> load(K key, long version) {
        return Uni.createFrom().deferred(() -> loader.apply(key))
                .invoke(value -> {
                    if (value != null) {
                        if (ready.size() >= maxEntries) {
                            ready.clear(); // crude bound: a surge reloads what it reads
                        }
                        ready.merge(key, new Stamped<>(version, value),
                                (old, fresh) -> old.version() > fresh.version() ? old : fresh);
                    }
                })
                .onTermination().invoke(() -> loading.computeIfPresent(key,
                        (k, pending) -> pending.version() == version ? null : pending))
                .memoize().indefinitely();
    }
}
