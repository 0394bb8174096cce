package herald.stream.control;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What reaches the wire, byte for byte. */
class SseFormatTest {

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aNamedEventWithIdAndData() {
        assertEquals("event: headline\nid: 5-0\ndata: hello\n\n", text(SseFormat.event("headline", "5-0", -1, "hello")));
    }

    @Test
    void anUnnamedEventIsJustData() {
        assertEquals("data: 2026-11-23T19:21:09.123Z\n\n", text(SseFormat.event(null, null, -1, "2026-11-23T19:21:09.123Z")));
    }

    @Test
    void aNewStreamsGreetingSaysWhereItStartsAResumedOneDoesNot() {
        var at = java.time.Instant.parse("2026-11-23T19:21:09.123Z");
        assertEquals("event: connecttime\nid: 1732389669000-4\nretry: 10000\ndata: 2026-11-23T19:21:09.123Z\n\n",
                new String(Frames.greeting(at, java.time.Duration.ofSeconds(10), new herald.event.entity.EventId(1732389669000L, 4)).bytes(),
                        java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("event: connecttime\nretry: 10000\ndata: 2026-11-23T19:21:09.123Z\n\n",
                new String(Frames.greeting(at, java.time.Duration.ofSeconds(10), null).bytes(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void retryComesBeforeData() {
        assertEquals("event: connecttime\nretry: 10000\ndata: x\n\n", text(SseFormat.event("connecttime", null, 10000, "x")));
    }

    @Test
    void everyLineOfTheDataIsItsOwnDataLineWhateverItsBreak() {
        assertEquals("data: a\ndata: b\ndata: c\ndata: d\n\n", text(SseFormat.event(null, null, -1, "a\nb\r\nc\rd")));
    }

    @Test
    void emptyLinesSurviveAnywhere() {
        assertEquals("data: \ndata: a\ndata: \ndata: \ndata: b\ndata: \n\n",
                text(SseFormat.event(null, null, -1, "\na\n\n\nb\n")));
        assertEquals("data: \n\n", text(SseFormat.event(null, null, -1, "")));
    }

    @Test
    void dataThatLooksLikeFieldsStaysData() {
        assertEquals("data: x\ndata: \ndata: event: evil\ndata: id: 1\ndata: retry: 1\n\n",
                text(SseFormat.event(null, null, -1, "x\n\nevent: evil\nid: 1\nretry: 1")));
    }

    @Test
    void utf8() {
        assertEquals("data: ünïcödé ✓ 😀\n\n", text(SseFormat.event(null, null, -1, "ünïcödé ✓ 😀")));
    }

    @Test
    void aCommentIsOneLineThenABlankOne() {
        assertEquals(": heartbeat\n\n", text(SseFormat.comment("heartbeat")));
        assertThrows(IllegalArgumentException.class, () -> SseFormat.comment("a\nb"));
    }

    @Test
    void namesAndIdsCannotBreakTheirLine() {
        assertThrows(IllegalArgumentException.class, () -> SseFormat.event("a\nb", null, -1, "x"));
        assertThrows(IllegalArgumentException.class, () -> SseFormat.event(null, "1\r2", -1, "x"));
    }
}
