package dev.galactic.controller.api;

import java.util.List;

/**
 * An RFC 7807 problem document. Every error the API returns is one of these, so a client
 * needs one error parser.
 *
 * @param type a URN naming the kind of problem
 * @param errors one entry per offending field, with the batch item and JSON pointer
 */
public record Problem(String type, String title, int status, String detail, List<FieldProblem> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** What a problem response says it is: JSON is UTF-8, and a servlet assumes ISO-8859-1 unless told. */
    public static final String CONTENT_TYPE = MEDIA_TYPE + "; charset=utf-8";

    public record FieldProblem(Integer item, String resource, String pointer, String reason) {
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("urn:galactic:problem:" + slug, title, status, detail, List.of());
    }

    /** Thrown by handlers; turned into a problem response. */
    public static final class Exception extends RuntimeException {
        private final Problem problem;

        public Exception(Problem problem) {
            super(problem.detail());
            this.problem = problem;
        }

        public Problem problem() { return problem; }
    }

    public static Exception error(int status, String slug, String title, String detail) {
        return new Exception(of(status, slug, title, detail));
    }
}
