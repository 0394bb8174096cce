package herald.app.boundary;

import herald.base.Rejection;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a refused request with its status and a JSON body {@code {"error":code,"message":…}}. */
@Provider
public class RejectionMapper implements ExceptionMapper<Rejection> {

    @Override
    public Response toResponse(Rejection rejection) {
        var response = Response.status(rejection.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(rejection.json());
        rejection.headers().forEach(response::header);
        return response.build();
    }
}
