package herald.stream.control;

import herald.event.entity.EventId;
import herald.event.entity.Topic;

/**
 * One thing to write to a stream, made once and shared by every stream it goes to: its SSE fields, and
 * the same in its wire format ({@link SseFormat}), which the servlet writer and Jersey's sink (through
 * {@code FrameEventWriter}) send as they are. The fields are there for a platform that formats events
 * itself (RESTEasy). Immutable: the array is never changed after it is made.
 */
public final class Frame {

    /** No {@code retry:} field. */
    public static final long NO_RETRY = -1;

    private final EventId id;
    private final boolean published;
    private final String name;
    private final String idField;
    private final long retryMillis;
    private final String data;
    private final String comment;
    private final byte[] bytes;
    private final Topic privateTo;

    private Frame(EventId id, boolean published, String name, String idField, long retryMillis, String data,
                  String comment, byte[] bytes, Topic privateTo) {
        this.id = id;
        this.published = published;
        this.name = name;
        this.idField = idField;
        this.retryMillis = retryMillis;
        this.data = data;
        this.comment = comment;
        this.bytes = bytes;
        this.privateTo = privateTo;
    }

    /**
     * An event.
     *
     * @param id          the kept event's id, which orders and de-duplicates it; null for what is not kept
     * @param published   whether it is a published event, counted as delivered once written
     * @param name        the {@code event:} field, or null
     * @param idField     the {@code id:} field, or null (a greeting carries one without being a kept event)
     * @param retryMillis the {@code retry:} field, or {@link #NO_RETRY}
     * @param data        the data, line breaks already {@code \n}
     */
    public static Frame event(EventId id, boolean published, String name, String idField, long retryMillis,
                              String data) {
        return new Frame(id, published, name, idField, retryMillis, data, null,
                SseFormat.event(name, idField, retryMillis, data), null);
    }

    /** The same frame, for the streams whose token covers {@code topic} only (a private event). */
    public Frame privateTo(Topic topic) {
        return new Frame(id, published, name, idField, retryMillis, data, comment, bytes, topic);
    }

    /**
     * Several frames' bytes as one frame ({@link Batch}), with no fields: for a platform that writes the wire bytes as
     * they are (the servlet writer; {@code FrameEventWriter} on Jersey), never for one that formats the fields itself.
     */
    static Frame joined(byte[] bytes) {
        return new Frame(null, false, null, null, NO_RETRY, null, null, bytes, null);
    }

    /** A comment, which every client ignores. */
    public static Frame comment(String text) {
        return new Frame(null, false, null, null, NO_RETRY, null, text, SseFormat.comment(text), null);
    }

    public EventId id() {
        return id;
    }

    public boolean published() {
        return published;
    }

    public String name() {
        return name;
    }

    public String idField() {
        return idField;
    }

    public long retryMillis() {
        return retryMillis;
    }

    /** The data, or null for a comment. */
    public String data() {
        return data;
    }

    /** The comment, or null for an event. */
    public String comment() {
        return comment;
    }

    /** The topic of a private event, whose frame only streams allowed to read it may have; null for every other. */
    public Topic privateTo() {
        return privateTo;
    }

    /** What goes on the wire: never to be changed by the caller. */
    public byte[] bytes() {
        return bytes;
    }
}
