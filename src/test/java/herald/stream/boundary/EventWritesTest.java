package herald.stream.boundary;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EventWritesTest {

    /** What the container is handed: each write as a string, and each flush as "|". */
    static final class Container extends OutputStream {
        final List<String> calls = new ArrayList<>();

        @Override
        public void write(int b) {
            calls.add(String.valueOf((char) b));
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            calls.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
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
    void whatIsHeldIsACopyWritesLargerThanTheFirstGrowItAndAFlushWithNothingHeldOnlyFlushes() throws IOException {
        var reused = bytes("data: a\n");
        stream.write(reused);
        reused[6] = 'X'; // the writer reuses its array once write has returned
        var large = "x".repeat(100);
        stream.write(bytes(large), 0, 100);
        stream.write(bytes("\n"));
        stream.flush();
        stream.flush();
        assertEquals(List.of("data: a\n" + large + "\n", "|", "|"), container.calls);
    }

    @Test
    void closingWritesWhatIsHeldFirst() throws IOException {
        stream.write(bytes(": bye\n"));
        stream.close();
        assertEquals(List.of(": bye\n", "|", "closed"), container.calls);
    }
}
