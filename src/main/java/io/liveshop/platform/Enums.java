package io.liveshop.platform;

import java.util.Arrays;

/** Parses enum query parameters so an unknown value is a 400 naming the allowed ones. */
public final class Enums {

    private Enums() {
    }

    public static <E extends Enum<E>> E parseOptional(Class<E> type, String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }
}
