package io.liveshop.simulation;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/** Collects latencies in milliseconds (lock-free, bounded) and reports count and percentiles. */
public final class LatencyRecorder {

    private final AtomicLongArray samples;
    private final AtomicInteger count = new AtomicInteger();

    public LatencyRecorder(int capacity) {
        samples = new AtomicLongArray(capacity);
    }

    public void record(long millis) {
        int i = count.getAndIncrement();
        if (i < samples.length()) {
            samples.set(i, millis);
        }
    }

    public int count() {
        return Math.min(count.get(), samples.length());
    }

    public long percentile(double p) {
        long[] sorted = sorted();
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    public String describe() {
        long[] s = sorted();
        if (s.length == 0) {
            return "no samples";
        }
        return String.format("n=%d p50=%dms p95=%dms p99=%dms max=%dms", s.length, percentile(50), percentile(95),
                percentile(99), s[s.length - 1]);
    }

    private long[] sorted() {
        long[] copy = new long[count()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = samples.get(i);
        }
        Arrays.sort(copy);
        return copy;
    }
}
