package herald.stream.boundary;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * An output stream that passes on what is written between two flushes as one write, then flushes. What it holds
 * is copied (a writer may reuse its array) into an array made for the event and let go once written: a stream holds
 * no buffer while it waits for the next event. Not thread safe: a sink writes one event at a time.
 */
final class EventWrites extends OutputStream {

    /** Room left after the first write of an event for what usually follows it (Jersey's line feed). */
    private static final int SLACK = 16;

    private final OutputStream out;
    private byte[] held;
    private int count;

    EventWrites(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (held == null) {
            held = new byte[length + SLACK];
        } else if (count + length > held.length) {
            held = Arrays.copyOf(held, Math.max(count + length, held.length * 2));
        }
        System.arraycopy(bytes, offset, held, count, length);
        count += length;
    }

    @Override
    public void flush() throws IOException {
        if (held != null) {
            byte[] event = held;
            int length = count;
            held = null;
            count = 0;
            out.write(event, 0, length);
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }
}
