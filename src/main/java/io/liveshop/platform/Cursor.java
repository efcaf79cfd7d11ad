package io.liveshop.platform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque keyset cursor: the last id seen, so the next page starts strictly below it. */
public final class Cursor {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private Cursor() {
    }

    public static String encode(long lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("id:" + lastId).getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the id to continue below, or {@link Long#MAX_VALUE} for the first page. */
    public static long decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return Long.MAX_VALUE;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (raw.startsWith("id:")) {
                return Long.parseLong(raw.substring(3));
            }
        } catch (IllegalArgumentException ignored) {
            // fall through to the problem below
        }
        throw ProblemException.invalidField("cursor", "is not a cursor this API returned");
    }

    public static int limit(String requested) {
        if (requested == null || requested.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(requested);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the problem below
        }
        throw ProblemException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
    }
}
