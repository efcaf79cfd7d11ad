package io.liveshop.platform;

/** Parses ids from paths and query strings so a bad id is a 400, not the JAX-RS default 404. */
public final class Ids {

    private Ids() {
    }

    public static long parse(String field, String raw) {
        try {
            long id = Long.parseLong(raw);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the problem below
        }
        throw ProblemException.invalidField(field, "must be a positive integer id");
    }

    public static Long parseOptional(String field, String raw) {
        return raw == null || raw.isBlank() ? null : parse(field, raw);
    }
}
