package herald.event.entity;

import herald.base.Rejection;

/**
 * An event, topic or id that breaks a rule of the wire format or of Herald's: a {@link Rejection} with 400 and the
 * rule's code, answered as every other refusal is.
 */
public class InvalidEvent extends Rejection {

    public InvalidEvent(String code, String message) {
        super(400, code, message, null);
    }
}
