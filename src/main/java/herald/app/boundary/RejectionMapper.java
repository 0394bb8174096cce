package herald.app.boundary;

import herald.base.Rejection;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers a refused request (a {@link Rejection}, an invalid topic, event or id among them) with its status, headers
 * and JSON body {@code {"error":code,"message":…}}, all of which the rejection decides; the servlet writer answers
 * the same from the same ({@code StreamServlet.refuse}).
 */
@Provider
public class RejectionMapper implements ExceptionMapper<Rejection> {

    @Override
    public Response toResponse(Rejection rejection) {
        var response = Response.status(rejection.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(rejection.json());
        rejection.headers().forEach(response::header);
        return response.build();
    }
}
