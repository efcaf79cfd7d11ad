package io.liveshop.platform;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.liveshop.platform.json.StrictTextDeserializer;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/** Names the field and the rule a JSON body broke, for problem+json. */
final class JsonFailures {

    private static final String DUPLICATE = "Duplicate field";

    private JsonFailures() {
    }

    static String field(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        if (isDuplicate(e) && e instanceof StreamReadException read && read.getProcessor() != null) {
            // the parser stops on the repeated name: its context path is the field
            JsonParser parser = read.getProcessor();
            String pointer = parser.getParsingContext().pathAsPointer().toString();
            return pointer.isEmpty() ? null : pointer.substring(1).replace('/', '.');
        }
        return null;
    }

    static String detail(JsonProcessingException e) {
        if (isDuplicate(e)) {
            return "Duplicated key";
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "Unknown property '" + unknown.getPropertyName() + "'";
        }
        if (e instanceof InvalidNullException) {
            return "must not be null";
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() == String.class) {
            return StrictTextDeserializer.INVALID_TEXT;
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            return "Unknown value '" + format.getValue() + "'; allowed: "
                    + Arrays.toString(format.getTargetType().getEnumConstants());
        }
        if (e instanceof InputCoercionException || e.getCause() instanceof InputCoercionException) {
            return "Value out of range or of the wrong type";
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && !mismatch.getPath().isEmpty()) {
            return expected(mismatch.getTargetType());
        }
        if (e instanceof JsonMappingException && !(e.getCause() instanceof StreamReadException)) {
            return "Request body does not match the expected shape";
        }
        return "Malformed JSON";
    }

    private static boolean isDuplicate(JsonProcessingException e) {
        return e instanceof StreamReadException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith(DUPLICATE);
    }

    private static String expected(Class<?> type) {
        if (type == String.class) {
            return "must be a string";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class
                || type == Short.class || type == short.class) {
            return "must be an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "must be a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "must be an ISO-8601 string such as 2026-12-01T20:00:00Z";
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.toString(type.getEnumConstants());
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "must be an object";
        }
        return "Value of the wrong type";
    }
}
