package herald.publish.control;

import herald.base.Rejection;

import java.util.Map;

/**
 * What a publish request asks for, as read from its body ({@link PublishBody}): the topic and the event name when
 * given (else null), the data, which is required and may be empty, and whether the event is private (only for
 * streams whose token covers its topic; {@code false} when not given). Checked further where the event is made.
 */
public record Publication(String topic, String event, String data, boolean isPrivate) {

    public Publication {
        if (data == null) {
            throw Rejection.badRequest("invalid_data", "'data' is required (it may be empty)");
        }
    }

    /** From the fields of a body, each given once at most (see {@link PublishBody}). */
    static Publication of(Map<String, String> fields) {
        var flag = fields.get("private");
        if (flag != null && !flag.equals("true") && !flag.equals("false")) {
            throw Rejection.badRequest("invalid_body", "'private' must be true or false");
        }
        return new Publication(fields.get("topic"), fields.get("event"), fields.get("data"), "true".equals(flag));
    }
}
