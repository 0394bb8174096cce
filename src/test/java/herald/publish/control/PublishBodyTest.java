package herald.publish.control;

import herald.base.Rejection;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PublishBodyTest {

    static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> read(String type, String text) {
        return fields(PublishBody.read(type, -1, body(text), 1024));
    }

    static int refusal(Runnable action) {
        return assertThrows(Rejection.class, action::run).status();
    }

    @Test
    void readsWhetherAnEventIsPrivateAsTrueOrFalseOnly() {
        assertTrue(PublishBody.read("application/json", -1, body("{\"data\":\"x\",\"private\":true}"), 1024).isPrivate());
        assertFalse(PublishBody.read("application/json", -1, body("{\"data\":\"x\",\"private\":false}"), 1024).isPrivate());
        assertFalse(PublishBody.read("application/json", -1, body("{\"data\":\"x\"}"), 1024).isPrivate());
        assertTrue(PublishBody.read("application/x-www-form-urlencoded", -1, body("data=x&private=true"), 1024).isPrivate());
        assertEquals(400, refusal(() -> PublishBody.read("application/json", -1, body("{\"data\":\"x\",\"private\":\"true\"}"), 1024)));
        assertEquals(400, refusal(() -> PublishBody.read("application/json", -1, body("{\"data\":\"x\",\"private\":1}"), 1024)));
        assertEquals(400, refusal(() -> PublishBody.read("application/x-www-form-urlencoded", -1, body("data=x&private=yes"), 1024)));
        assertEquals(400, refusal(() -> PublishBody.read("application/x-www-form-urlencoded", -1, body("data=x&private=true&private=false"), 1024)));
    }

    @Test
    void readsAForm() {
        assertEquals(Map.of("topic", "news", "event", "headline", "data", "a b\r\nc&d=é"),
                read("application/x-www-form-urlencoded; charset=UTF-8",
                        "topic=news&event=headline&data=a+b%0D%0Ac%26d%3D%C3%A9"));
        assertEquals(Map.of("data", ""), read("application/x-www-form-urlencoded", "data="));
    }

    @Test
    void readsJsonAndTakesAnyDataValueAsItsJsonText() {
        assertEquals(Map.of("topic", "t", "data", "x\ny"),
                read("application/json", "{\"topic\":\"t\",\"data\":\"x\\ny\"}"));
        assertEquals(Map.of("data", "{\"a\":[1,2]}"), read("application/json", "{\"data\":{\"a\":[1,2]}}"));
        assertEquals(Map.of("data", "42"), read("application/json", "{\"data\":42,\"event\":null}"));
    }

    @Test
    void refusesWhatItCannotRead() {
        assertEquals(400, refusal(() -> read("application/json", "[1]")));
        assertEquals(400, refusal(() -> read("application/json", "{\"data\":")));
        assertEquals(400, refusal(() -> read("application/json", "{\"topic\":5,\"data\":\"x\"}")));
        assertEquals(400, refusal(() -> read("application/json", "{\"dta\":\"x\"}")));
        assertEquals(400, refusal(() -> read("application/x-www-form-urlencoded", "data=1&data=2")));
        assertEquals(400, refusal(() -> read("application/x-www-form-urlencoded", "data=%zz")));
        assertEquals(415, refusal(() -> read("text/plain", "hello")));
        assertEquals(415, refusal(() -> read(null, "hello")));
    }

    @Test
    void refusesBytesThatAreNotUtf8() {
        var latin1 = new ByteArrayInputStream(new byte[]{'d', 'a', 't', 'a', '=', (byte) 0xE9});
        // %E9 decodes to a replacement in URL decoding; raw 0xE9 is simply not UTF-8
        assertEquals(400, refusal(() -> PublishBody.read("application/x-www-form-urlencoded", -1, latin1, 1024)));
    }

    @Test
    void refusesADeclaredLengthOverTheLimitWithoutReadingAByte() {
        var untouchable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body must not be read");
            }
        };
        assertEquals(413, refusal(() -> PublishBody.read("application/json", 1025, untouchable, 1024)));
    }

    @Test
    void refusesAnUndeclaredLengthOnceItPassesTheLimit() {
        var big = "data=" + "x".repeat(1020);
        assertEquals(413, refusal(() -> read("application/x-www-form-urlencoded", big)));
        var justFits = "data=" + "x".repeat(1019);
        assertEquals(1019, read("application/x-www-form-urlencoded", justFits).get("data").length());
    }

    static Map<String, String> readBig(String type, String text) {
        return fields(PublishBody.read(type, -1, body(text), 1024 * 1024));
    }

    @Test
    void jsonNestedTooDeeplyIsABadRequestNotAServerError() {
        var deep = "{\"data\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertEquals(400, refusal(() -> readBig("application/json", deep)));
        var justDeepEnough = "{\"data\":" + "[".repeat(PublishBody.MAX_DEPTH - 1) + "]".repeat(PublishBody.MAX_DEPTH - 1) + "}";
        assertEquals("[".repeat(PublishBody.MAX_DEPTH - 1) + "]".repeat(PublishBody.MAX_DEPTH - 1),
                readBig("application/json", justDeepEnough).get("data"));
    }

    @Test
    void numbersOutOfRangeAreABadRequest() {
        assertEquals(400, refusal(() -> read("application/json", "{\"data\":1e999999999}")));
        assertEquals(400, refusal(() -> read("application/json", "{\"data\":1e-999999999}")));
        assertEquals(400, refusal(() -> readBig("application/json", "{\"data\":" + "9".repeat(5000) + "}")));
        assertEquals("{\"n\":1.5E+300}", read("application/json", "{\"data\":{\"n\":1.5e300}}").get("data"));
    }

    @Test
    void aKeyGivenTwiceIsRefusedAsARepeatedFormFieldIs() {
        assertEquals(400, refusal(() -> read("application/json", "{\"data\":\"a\",\"data\":\"b\"}")));
        assertEquals(400, refusal(() -> read("application/json", "{\"data\":{\"x\":1,\"x\":2}}")));
        assertEquals(400, refusal(() -> read("application/x-www-form-urlencoded", "data=a&data=b")));
        assertEquals(Map.of("data", "[{\"x\":1},{\"x\":2}]"),
                read("application/json", "{\"data\":[{\"x\":1},{\"x\":2}]}"), "the same key in two objects is fine");
    }

    @Test
    void textThatIsNotUnicodeIsRefusedNotReplaced() {
        // percent-escapes that spell invalid UTF-8: a lone continuation byte, a truncated sequence, an overlong form
        for (var escaped : new String[] {"%80", "%C3", "%C0%AF", "%ED%A0%80"}) {
            assertEquals(400, refusal(() -> read("application/x-www-form-urlencoded", "data=a" + escaped)), escaped);
        }
        assertEquals(400, refusal(() -> read("application/x-www-form-urlencoded", "data=%4")));
        assertEquals(400, refusal(() -> read("application/x-www-form-urlencoded", "data=%zz")));
        // lone surrogates, as JSON escapes: in a string, in a key, in data of any shape
        assertEquals(400, refusal(() -> read("application/json", "{\"data\":\"a\\ud800b\"}")));
        assertEquals(400, refusal(() -> read("application/json", "{\"data\":\"\\udc00\"}")));
        assertEquals(400, refusal(() -> read("application/json", "{\"data\":{\"\\ud800\":1}}")));
        // a pair is a character
        assertEquals("😀", read("application/json", "{\"data\":\"\\ud83d\\ude00\"}").get("data"));
        assertEquals("😀 é", read("application/x-www-form-urlencoded", "data=%F0%9F%98%80+%C3%A9").get("data"));
        assertEquals("😀", read("application/x-www-form-urlencoded", "data=😀").get("data"));
    }

    /** The fields given, as a map: what each case expects reads best that way. */
    static Map<String, String> fields(Publication publication) {
        var fields = new java.util.HashMap<String, String>();
        if (publication.topic() != null) {
            fields.put("topic", publication.topic());
        }
        if (publication.event() != null) {
            fields.put("event", publication.event());
        }
        fields.put("data", publication.data());
        return fields;
    }
}
