package io.liveshop.realtime;

/** A token bucket for one connection's messages: {@code burst} at once, then {@code perSecond} on average. */
final class Throttle {

    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    Throttle(int perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    boolean tryAcquire(long now) {
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
