package herald.stream.control;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchTest {

    static Frame event(String data) {
        return Frame.event(null, false, null, null, Frame.NO_RETRY, data);
    }

    /** An event whose frame is exactly {@code bytes} long ("data: " and the two line feeds are 8 of them). */
    static Frame sized(int bytes) {
        var frame = event("x".repeat(bytes - 8));
        assertEquals(bytes, frame.bytes().length);
        return frame;
    }

    @Test
    void oneFrameIsTakenAsItIsWithNothingCopied() {
        var batch = new Batch();
        var frame = event("one");
        batch.add(frame);
        assertSame(frame, batch.take());
        assertTrue(batch.isEmpty());
    }

    @Test
    void severalAreJoinedInOrderByteForByte() {
        var batch = new Batch();
        batch.add(event("one"));
        batch.add(Frame.comment("heartbeat"));
        batch.add(event("line one\n\nline three"));
        var taken = batch.take();
        assertEquals("data: one\n\n: heartbeat\n\ndata: line one\ndata: \ndata: line three\n\n",
                new String(taken.bytes(), StandardCharsets.UTF_8));
        assertTrue(batch.isEmpty());
    }

    @Test
    void isFullOnlyWhenTheNextFrameWouldTakeItPastItsSize() {
        var batch = new Batch();
        batch.add(sized(Batch.BYTES - 100));
        assertFalse(batch.full(sized(100)), "exactly its size fits");
        assertTrue(batch.full(sized(101)));
        batch.add(sized(100));
        assertEquals(Batch.BYTES, batch.take().bytes().length);
    }

    @Test
    void aFrameLargerThanABatchGoesAlone() {
        var batch = new Batch();
        var large = sized(Batch.BYTES + 1);
        assertFalse(batch.full(large), "an empty batch takes any frame");
        batch.add(large);
        assertTrue(batch.full(event("next")));
        assertArrayEquals(large.bytes(), batch.take().bytes());
    }

    @Test
    void clearEmptiesIt() {
        var batch = new Batch();
        batch.add(event("one"));
        batch.add(event("two"));
        batch.clear();
        assertTrue(batch.isEmpty());
        batch.add(event("three"));
        assertEquals("data: three\n\n", new String(batch.take().bytes(), StandardCharsets.UTF_8));
    }
}
