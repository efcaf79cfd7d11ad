package io.liveshop.platform;

/** Validates an {@code Idempotency-Key} header: optional, printable, at most 128 characters. */
public final class IdempotencyKey {

    public static final String HEADER = "Idempotency-Key";

    private IdempotencyKey() {
    }

    public static String validate(String key) {
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > 128 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw ProblemException.invalidField(HEADER, "must be 1 to 128 printable ASCII characters");
        }
        return key;
    }
}
