package herald.publish.control;

import herald.app.control.Rejection;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PublishBodyTest {

    static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> read(String type, String text) {
        return PublishBody.read(type, -1, body(text), 1024);
    }

    static int refusal(Runnable action) {
        return assertThrows(Rejection.class, action::run).status();
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
}
