package herald.stream.boundary;

import herald.event.entity.EventId;
import herald.event.entity.Topic;
import herald.stream.control.Frame;
import herald.stream.control.FrameEvent;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameEventWriterTest {

    final FrameEventWriter writer = new FrameEventWriter();

    /** What Jersey's sink puts on the wire: the writer's bytes, then its chunk delimiter, a line feed. */
    String onTheWire(Frame frame) throws IOException {
        var out = new ByteArrayOutputStream();
        writer.writeTo(new FrameEvent(Topic.DEFAULT, frame), FrameEvent.class, FrameEvent.class, new Annotation[0],
                MediaType.SERVER_SENT_EVENTS_TYPE, null, out);
        out.write('\n');
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheFrameAsMadeOnceForEveryStream() throws IOException {
        var frame = Frame.event(new EventId(5, 1), true, "note", "5-1", Frame.NO_RETRY, "one\n\nthree ✓");
        assertEquals("event: note\nid: 5-1\ndata: one\ndata: \ndata: three ✓\n\n", onTheWire(frame));
    }

    @Test
    void anEventWithEmptyDataKeepsItsDataLineSoThatBrowsersDispatchIt() throws IOException {
        var frame = Frame.event(new EventId(6, 0), true, null, "6-0", Frame.NO_RETRY, "");
        assertEquals("id: 6-0\ndata: \n\n", onTheWire(frame));
    }

    @Test
    void greetingsAndHeartbeatsToo() throws IOException {
        assertEquals("event: connecttime\nid: 7-0\nretry: 10000\ndata: now\n\n",
                onTheWire(Frame.event(null, false, "connecttime", "7-0", 10_000, "now")));
        assertEquals(": heartbeat\n\n", onTheWire(Frame.comment("heartbeat")));
    }

    @Test
    void takesHeraldsEventsOnly() {
        assertTrue(writer.isWriteable(FrameEvent.class, FrameEvent.class, new Annotation[0],
                MediaType.SERVER_SENT_EVENTS_TYPE));
        assertFalse(writer.isWriteable(String.class, String.class, new Annotation[0], MediaType.SERVER_SENT_EVENTS_TYPE));
    }
}
