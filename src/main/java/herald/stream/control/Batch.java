package herald.stream.control;

import java.util.ArrayList;
import java.util.List;

/**
 * The frames written to one stream since its output last wrote to the client, to go out in one write: what a stream
 * starts with, a page of its replay, what piled up while its client was behind. Each write to a client is a system
 * call and a packet (no container buffer is kept per stream), so one write for a batch saves the rest. A batch holds
 * up to {@link #BYTES}, which bounds the array it is joined into; a larger frame goes alone.
 *
 * <p>Not thread safe: each output uses its own under its lock. Mostly it holds one frame, which is then written as
 * it is, with nothing copied or allocated.
 */
public final class Batch {

    /** The most a batch joins into one array. */
    public static final int BYTES = 32 * 1024;

    private Frame first;
    private List<Frame> after;
    private int bytes;

    /** Whether adding the frame would take the batch past {@link #BYTES}: the batch is then to be written first. */
    public boolean full(Frame frame) {
        return first != null && bytes + frame.bytes().length > BYTES;
    }

    public void add(Frame frame) {
        if (first == null) {
            first = frame;
        } else {
            if (after == null) {
                after = new ArrayList<>();
            }
            after.add(frame);
        }
        bytes += frame.bytes().length;
    }

    public boolean isEmpty() {
        return first == null;
    }

    /** The frames as one, in order (the frame itself when there is one), and the batch empty again. */
    public Frame take() {
        Frame taken;
        if (after == null) {
            taken = first;
        } else {
            var joined = new byte[bytes];
            int at = append(first, joined, 0);
            for (var frame : after) {
                at = append(frame, joined, at);
            }
            taken = Frame.joined(joined);
        }
        clear();
        return taken;
    }

    /** Copies the frame's bytes into {@code joined} at {@code at}; returns where the next one goes. */
    private static int append(Frame frame, byte[] joined, int at) {
        System.arraycopy(frame.bytes(), 0, joined, at, frame.bytes().length);
        return at + frame.bytes().length;
    }

    public void clear() {
        first = null;
        after = null;
        bytes = 0;
    }
}
