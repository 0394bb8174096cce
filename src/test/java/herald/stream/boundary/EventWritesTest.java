package herald.stream.boundary;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class EventWritesTest {

    /** What the container is handed: each write as a string, and each flush as "|". */
    static final class Container extends OutputStream {
        final List<String> calls = new ArrayList<>();
        final List<byte[]> arrays = new ArrayList<>();

        @Override
        public void write(int b) {
            calls.add(String.valueOf((char) b));
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            calls.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
            arrays.add(bytes);
        }

        @Override
        public void flush() {
            calls.add("|");
        }

        @Override
        public void close() {
            calls.add("closed");
        }
    }

    final Container container = new Container();
    final EventWrites stream = new EventWrites(container);

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEventAndJerseysLineFeedReachTheContainerInOneWrite() throws IOException {
        stream.write(bytes("data: one\n"));
        stream.write(bytes("\n"));
        assertEquals(List.of(), container.calls, "nothing before the flush");
        stream.flush();
        stream.write(bytes("data: two\n"));
        stream.write('\n');
        stream.flush();
        assertEquals(List.of("data: one\n\n", "|", "data: two\n\n", "|"), container.calls);
    }

    @Test
    void aFrameAndTheLineFeedThatFollowsItInItsArrayArePassedOnAsThatArrayUncopied() throws IOException {
        var frame = bytes("data: one\n\n");
        stream.write(frame, 0, frame.length - 1);
        stream.write(bytes("\n"));
        stream.flush();
        assertEquals(List.of("data: one\n\n", "|"), container.calls);
        assertSame(frame, container.arrays.get(0));
    }

    @Test
    void whatDoesNotContinueTheFirstWriteIsCopiedAndAFlushWithNothingHeldOnlyFlushes() throws IOException {
        stream.write(bytes("data: a\n"));
        var reused = bytes("data: b\n");
        stream.write(reused);
        reused[6] = 'X'; // a writer may reuse its array once write has returned
        var large = "x".repeat(100);
        stream.write(bytes(large), 0, 100);
        stream.write(bytes("\n"));
        stream.flush();
        stream.flush();
        assertEquals(List.of("data: a\ndata: b\n" + large + "\n", "|", "|"), container.calls);
    }

    @Test
    void closingWritesWhatIsHeldFirst() throws IOException {
        stream.write(bytes(": bye\n"));
        stream.close();
        assertEquals(List.of(": bye\n", "|", "closed"), container.calls);
    }
}
