package herald.history.control;

/**
 * The store cannot be reached now (Redis down, or slower than its timeout). Whether what was asked has happened is
 * told by {@link #unconfirmed()}: a command that never left has not; one sent and not answered in time may have.
 */
public final class StoreUnavailable extends RuntimeException {

    private final boolean unconfirmed;

    /** What was asked has not happened. */
    public StoreUnavailable(String message, Throwable cause) {
        this(message, cause, false);
    }

    private StoreUnavailable(String message, Throwable cause, boolean unconfirmed) {
        super(message, cause);
        this.unconfirmed = unconfirmed;
    }

    /** Sent, and not answered in time: it may have happened all the same. */
    public static StoreUnavailable unconfirmed(String message, Throwable cause) {
        return new StoreUnavailable(message, cause, true);
    }

    public boolean unconfirmed() {
        return unconfirmed;
    }
}
