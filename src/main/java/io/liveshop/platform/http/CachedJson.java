package io.liveshop.platform.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * A JSON representation serialized once, with its strong validator, and its gzip variant when it is large enough
 * to be worth compressing. The gzip variant is another representation, so it has an ETag of its own.
 */
public record CachedJson(byte[] body, String etag, byte[] gzip, String gzipEtag) {

    static CachedJson of(byte[] body, int compressAbove) {
        String tag = digest(body);
        if (body.length < compressAbove) {
            return new CachedJson(body, "\"" + tag + "\"", null, null);
        }
        return new CachedJson(body, "\"" + tag + "\"", gzip(body), "\"" + tag + "-gzip\"");
    }

    private static String digest(byte[] body) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(body);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 32);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
