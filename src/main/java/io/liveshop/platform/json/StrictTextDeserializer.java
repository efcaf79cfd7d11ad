package io.liveshop.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;

/**
 * The one text check for every string field: only a JSON string is text, and it must be valid Unicode (no lone
 * surrogate) without NUL, which PostgreSQL cannot store.
 */
public class StrictTextDeserializer extends StdScalarDeserializer<String> {

    public static final String INVALID_TEXT = "must be valid Unicode text without NUL characters";

    public StrictTextDeserializer() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.hasToken(JsonToken.VALUE_STRING)) {
            return (String) ctxt.handleUnexpectedToken(String.class, p);
        }
        String text = p.getText();
        if (!isValidText(text)) {
            throw ctxt.weirdStringException(text, String.class, INVALID_TEXT);
        }
        return text;
    }

    /** True when {@code text} has no NUL and every surrogate is part of a pair. */
    public static boolean isValidText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
