package io.liveshop.loadtest;

import java.util.List;

/** A live stream ready for a load test, with a token of its host for pins and sales. */
public record Seeded(long streamId, String hostId, String hostToken, long sellerId, List<Long> productIds) {
}
