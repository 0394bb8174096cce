package herald.event.entity;

/** An event, topic or id that breaks a rule of the wire format or of Herald's; answered with 400. */
public class InvalidEvent extends IllegalArgumentException {

    private final String code;

    public InvalidEvent(String code, String message) {
        super(message);
        this.code = code;
    }

    /** A short machine-readable name of the rule broken, e.g. {@code invalid_topic}. */
    public String code() {
        return code;
    }
}
