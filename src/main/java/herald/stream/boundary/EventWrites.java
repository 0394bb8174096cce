package herald.stream.boundary;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * An output stream that passes on what is written between two flushes as one write, then flushes, and holds nothing
 * between events. Jersey writes an event as the frame's bytes but the last line feed ({@code FrameEventWriter}),
 * then a line feed of its own: the two together are the frame's whole array, which is passed on as it is, with no
 * copy. So an event's first write is held by reference until the flush: the frames' arrays never change once made.
 * Anything else is copied into an array made for the event. Not thread safe: a sink writes one event at a time.
 */
final class EventWrites extends OutputStream {

    private final OutputStream out;
    /** What is held: {@code length} bytes of {@code held} from {@code offset}; null when nothing is. */
    private byte[] held;
    private int offset;
    private int length;
    /** Whether {@code held} is an array of this stream's own (a copy), which it may write into. */
    private boolean owned;

    EventWrites(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int from, int count) throws IOException {
        if (held == null) {
            held = bytes;
            offset = from;
            length = count;
            owned = false;
        } else if (!owned && continues(bytes, from, count)) {
            length += count; // the bytes that follow in the held array are these: nothing to copy
        } else {
            if (!owned) {
                held = Arrays.copyOfRange(held, offset, offset + length + count);
                offset = 0;
                owned = true;
            } else if (length + count > held.length) {
                held = Arrays.copyOf(held, Math.max(length + count, held.length * 2));
            }
            System.arraycopy(bytes, from, held, length, count);
            length += count;
        }
    }

    /** Whether the bytes written are those that follow what is held, in the held array. */
    private boolean continues(byte[] bytes, int from, int count) {
        int end = offset + length;
        return end + count <= held.length && Arrays.equals(held, end, end + count, bytes, from, from + count);
    }

    @Override
    public void flush() throws IOException {
        if (held != null) {
            byte[] event = held;
            int at = offset;
            int count = length;
            held = null;
            out.write(event, at, count);
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
