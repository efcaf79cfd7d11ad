package io.liveshop.platform.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpCacheTest {

    @Test
    void ifNoneMatchUsesWeakComparisonOverAList() {
        assertTrue(HttpCache.matches("\"a\"", "\"a\""));
        assertTrue(HttpCache.matches("\"x\", W/\"a\"", "\"a\""));
        assertTrue(HttpCache.matches("*", "\"a\""));
        assertFalse(HttpCache.matches("\"b\"", "\"a\""));
        assertFalse(HttpCache.matches(null, "\"a\""));
    }

    @Test
    void gzipIsAcceptedUnlessRefused() {
        assertTrue(HttpCache.acceptsGzip("gzip, deflate, br"));
        assertTrue(HttpCache.acceptsGzip("br;q=1.0, gzip;q=0.8"));
        assertTrue(HttpCache.acceptsGzip("*"));
        assertFalse(HttpCache.acceptsGzip("gzip;q=0, *"));
        assertFalse(HttpCache.acceptsGzip("br"));
        assertFalse(HttpCache.acceptsGzip(null));
    }

    @Test
    void smallBodiesHaveNoGzipCopyAndEachRepresentationItsOwnStrongTag() {
        assertNull(CachedJson.of("{}".getBytes(StandardCharsets.UTF_8), 1024).gzip());
        CachedJson big = CachedJson.of("{\"d\":\"".concat("x".repeat(2000)).concat("\"}").getBytes(StandardCharsets.UTF_8), 1024);
        assertTrue(big.gzip().length < big.body().length);
        assertNotEquals(big.etag(), big.gzipEtag());
        assertFalse(big.etag().startsWith("W/"));
    }
}
