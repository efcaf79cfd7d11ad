package io.liveshop.auction;

import java.util.ArrayList;
import java.util.List;

/**
 * The published bid increment table (minor units): a bid must beat the current price by the increment of the band
 * the current price falls in. Increments never shrink as the price grows, so a proxy bid's step is always enough.
 */
public final class Increments {

    /** {upper bound (exclusive), increment}; the last band is open-ended. */
    static final long[][] BANDS = {
        { 1_000, 50 },
        { 5_000, 100 },
        { 10_000, 250 },
        { 50_000, 500 },
        { 100_000, 1_000 },
        { 500_000, 2_500 },
        { Long.MAX_VALUE, 5_000 },
    };

    private Increments() {
    }

    public static long of(long price) {
        for (long[] band : BANDS) {
            if (price < band[0]) {
                return band[1];
            }
        }
        return BANDS[BANDS.length - 1][1];
    }

    /** The lowest acceptable bid: the starting price before the first bid, then price + increment. */
    public static long minNext(Long price, long startingPrice) {
        return price == null ? startingPrice : price + of(price);
    }

    /** Quick-bid amounts for clients: the minimum and the two steps above it. */
    public static List<Long> quickBids(Long price, long startingPrice) {
        List<Long> out = new ArrayList<>(3);
        long next = minNext(price, startingPrice);
        for (int i = 0; i < 3; i++) {
            out.add(next);
            next += of(next);
        }
        return out;
    }

    public record Band(long fromMinor, Long toMinor, long incrementMinor) {
    }

    public static List<Band> table() {
        List<Band> out = new ArrayList<>();
        long from = 0;
        for (long[] band : BANDS) {
            out.add(new Band(from, band[0] == Long.MAX_VALUE ? null : band[0], band[1]));
            from = band[0];
        }
        return out;
    }
}
