package herald.app.boundary;

import herald.base.Rejection;
import herald.event.entity.InvalidEvent;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A topic, event name, data or id that breaks a rule: 400 with the rule. */
@Provider
public class InvalidEventMapper implements ExceptionMapper<InvalidEvent> {

    @Override
    public Response toResponse(InvalidEvent invalid) {
        return new RejectionMapper().toResponse(Rejection.badRequest(invalid.code(), invalid.getMessage()));
    }
}
