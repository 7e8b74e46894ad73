package dev.galactic.controller.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.galactic.core.model.ResourceCodec;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * The errors Jetty answers itself, before a request reaches Javalin (a header over the size
 * limit, a URI it cannot parse): problem+json like every other error of the API, instead of
 * Jetty's HTML page, whatever the client accepts.
 */
final class JettyProblems extends ErrorHandler {

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        String title = HttpStatus.getMessage(code);
        String detail = message == null || message.isBlank() || message.equals(title)
                ? "the server refused the request before reading it: " + title.toLowerCase(java.util.Locale.ROOT)
                : message;
        if (code == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431) detail += "; the request's headers (a token, cookies) must fit in 8 KiB";
        if (code == HttpStatus.URI_TOO_LONG_414) detail += "; the path and query must fit in 8 KiB";
        byte[] body;
        try {
            body = ResourceCodec.json().writeValueAsBytes(Problem.of(code, "http", title, detail));
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
