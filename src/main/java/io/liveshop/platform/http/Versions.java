package io.liveshop.platform.http;

import java.util.concurrent.ConcurrentHashMap;

/** A change counter per key, bumped by the domain events that change what is read under that key. */
public final class Versions<K> {

    private final ConcurrentHashMap<K, Long> versions = new ConcurrentHashMap<>();

    public long of(K key) {
        Long version = versions.get(key);
        return version == null ? 0 : version;
    }

    public void bump(K key) {
        versions.merge(key, 1L, Long::sum);
    }
}
