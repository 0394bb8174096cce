package herald.app.boundary;

import herald.app.control.Rejection;
import jakarta.json.Json;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a refused request with its status and a JSON body {@code {"error":code,"message":…}}. */
@Provider
public class RejectionMapper implements ExceptionMapper<Rejection> {

    @Override
    public Response toResponse(Rejection rejection) {
        var response = answer(rejection.status(), rejection.code(), rejection.getMessage());
        if (rejection.status() == 401) {
            // RFC 6750: a protected resource says which scheme it wants.
            response.header("WWW-Authenticate", "Bearer realm=\"herald\"");
        }
        if (rejection.retryAfter() != null) {
            response.header("Retry-After", Math.max(1, rejection.retryAfter().toSeconds()));
        }
        return response.build();
    }

    static Response.ResponseBuilder answer(int status, String code, String message) {
        var body = Json.createObjectBuilder().add("error", code).add("message", message).build().toString();
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body);
    }
}
