package io.liveshop.livestream;

import io.liveshop.platform.ProblemException;
import io.liveshop.platform.json.StrictTextDeserializer;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record CoHostRequest(@NotBlank @Size(max = 64) String userId) {

    /** The same rules for a user id given in a path. */
    static String userId(String field, String value) {
        if (value == null || value.isBlank() || value.length() > 64) {
            throw ProblemException.invalidField(field, "must be a user id of 1 to 64 characters");
        }
        if (!StrictTextDeserializer.isValidText(value)) {
            throw ProblemException.invalidField(field, StrictTextDeserializer.INVALID_TEXT);
        }
        return value;
    }
}
