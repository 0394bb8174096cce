package herald.publish.control;

import herald.base.Rejection;

import java.util.Map;

/**
 * What a publish request asks for, as read from its body ({@link PublishBody}): the topic and the event name when
 * given (else null), and the data, which is required and may be empty. Checked further where the event is made.
 */
public record Publication(String topic, String event, String data) {

    public Publication {
        if (data == null) {
            throw Rejection.badRequest("invalid_data", "'data' is required (it may be empty)");
        }
    }

    /** From the fields of a body, each given once at most (see {@link PublishBody}). */
    static Publication of(Map<String, String> fields) {
        return new Publication(fields.get("topic"), fields.get("event"), fields.get("data"));
    }
}
