package herald.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw SSE client for the tests: it keeps every byte of the body as it came, and parses it as
 * the WHATWG specification tells browsers to (CR, LF and CRLF line ends; comments; one space after
 * the colon stripped; data lines joined with LF; an event dispatched on a blank line; the last
 * event id kept across events).
 */
public final class RawStream implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final HttpResponse<InputStream> response;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile String retry;

    private RawStream(HttpResponse<InputStream> response) {
        this.response = response;
        var reader = new Thread(this::read, "raw-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static RawStream open(String relative) {
        return open(Target.uri(relative), Map.of());
    }

    public static RawStream open(URI uri, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(uri)
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache")
                .timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        try {
            return new RawStream(CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    public int status() {
        return response.statusCode();
    }

    public String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The next event, or an {@link AssertionError} when none comes within the timeout. */
    public SseEvent next(Duration timeout) {
        try {
            var event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + timeout + "; stream so far:\n" + text());
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next event of the given type, skipping others, within the timeout. */
    public SseEvent next(String type, Duration timeout) {
        var deadline = Instant.now().plus(timeout);
        while (true) {
            var left = Duration.between(Instant.now(), deadline);
            if (left.isNegative()) {
                throw new AssertionError("no '" + type + "' event within " + timeout + "; stream so far:\n" + text());
            }
            var event = next(left);
            if (event.type().equals(type)) {
                return event;
            }
        }
    }

    /** The next comment line's text (after the colon), within the timeout. */
    public String nextComment(Duration timeout) throws InterruptedException {
        var comment = comments.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (comment == null) {
            throw new AssertionError("no comment within " + timeout + "; stream so far:\n" + text());
        }
        return comment;
    }

    /** Waits until the server ends the stream; true if it did within the timeout. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public String retry() {
        return retry;
    }

    /** Every byte received so far, as UTF-8. */
    public String text() {
        synchronized (raw) {
            return raw.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // closing is all that is wanted
        }
    }

    private void read() {
        var parser = new Parser();
        try (InputStream body = response.body()) {
            var buffer = new byte[8192];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                synchronized (raw) {
                    raw.write(buffer, 0, n);
                }
                parser.feed(buffer, n);
            }
        } catch (IOException closed) {
            // the test closed the stream, or the server dropped it
        } finally {
            ended.countDown();
        }
    }

    /** Incremental parser: bytes are decoded per line, so a multi-byte character split across reads is kept whole. */
    private final class Parser {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final StringBuilder data = new StringBuilder();
        private boolean hasData;
        private String type = "";
        private String lastEventId = "";
        private boolean afterCr;

        void feed(byte[] bytes, int length) {
            for (int i = 0; i < length; i++) {
                byte b = bytes[i];
                if (afterCr && b == '\n') {
                    afterCr = false;
                    continue;
                }
                afterCr = false;
                if (b == '\r' || b == '\n') {
                    afterCr = b == '\r';
                    lineEnded(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else {
                    line.write(b);
                }
            }
        }

        private void lineEnded(String text) {
            if (text.isEmpty()) {
                dispatch();
                return;
            }
            if (text.startsWith(":")) {
                comments.add(text.substring(1));
                return;
            }
            int colon = text.indexOf(':');
            String field = colon < 0 ? text : text.substring(0, colon);
            String value = colon < 0 ? "" : text.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "data" -> {
                    data.append(value).append('\n');
                    hasData = true;
                }
                case "event" -> type = value;
                case "id" -> {
                    if (value.indexOf('\0') < 0) {
                        lastEventId = value;
                    }
                }
                case "retry" -> retry = value;
                default -> {
                    // unknown fields are ignored, as browsers do
                }
            }
        }

        private void dispatch() {
            if (hasData) {
                var text = data.substring(0, data.length() - 1);
                events.add(new SseEvent(type.isEmpty() ? "message" : type, text, lastEventId, Instant.now()));
            }
            data.setLength(0);
            hasData = false;
            type = "";
        }
    }
}
