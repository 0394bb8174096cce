package herald.history.control;

/** The store cannot be reached now (Redis down, or slower than its timeout); what was asked has not happened. */
public final class StoreUnavailable extends RuntimeException {

    public StoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
