package herald.metrics.entity;

/** Why a stream ended or was refused, as the metric {@code herald_clients_dropped_total} labels it. */
public enum DropReason {
    /** The client went away: a write to it failed. */
    GONE,
    /** The client did not keep up: its backlog passed the bound, or a write took too long. */
    SLOW,
    /** Refused at connect: the server holds {@code herald.maxClients} streams already. */
    LIMIT,
    /** The application is being stopped. */
    SHUTDOWN,
    /** The stream's token expired: its client is to come back with a fresh one. */
    EXPIRED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
