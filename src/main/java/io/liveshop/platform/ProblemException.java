package io.liveshop.platform;

import java.util.List;

/** Thrown by services for an expected failure; rendered as problem+json with the given status. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final String code;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String title, String code, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.code = code;
        this.errors = errors;
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(400, "Bad Request", code, detail, null);
    }

    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(400, "Bad Request", "validation", "Request validation failed",
                List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", "forbidden", detail, null);
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "Not Found", "not-found", what + " not found", null);
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, "Conflict", code, detail, null);
    }

    public static ProblemException unprocessable(String code, String detail) {
        return new ProblemException(422, "Unprocessable Content", code, detail, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Problem toProblem(String instance) {
        return new Problem(ProblemMappers.typeFor(code), title, status, getMessage(), instance, code, errors);
    }
}
