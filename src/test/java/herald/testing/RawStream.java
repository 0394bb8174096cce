package herald.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw SSE client for the tests, on a plain socket: HTTP/1.1 written by hand, so that closing it
 * closes the connection at once, as a browser tab that goes away does. It keeps every byte of the
 * body as it came (after de-chunking), and parses it as the WHATWG specification tells browsers to
 * (CR, LF and CRLF line ends; comments; one space after the colon stripped; data lines joined with
 * LF; an event dispatched on a blank line; the last event id kept across events).
 */
public final class RawStream implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final int status;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile String retry;

    private RawStream(URI uri, Map<String, String> extraHeaders) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        socket.setSoTimeout(10_000);
        var target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        var request = new StringBuilder()
                .append("GET ").append(target).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Accept: text/event-stream\r\n")
                .append("Cache-Control: no-cache\r\n");
        extraHeaders.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        in = new BufferedInputStream(socket.getInputStream());
        var statusLine = line(in);
        if (!statusLine.startsWith("HTTP/1.1 ")) {
            throw new IOException("not an HTTP/1.1 response: " + statusLine);
        }
        status = Integer.parseInt(statusLine.substring(9, 12));
        for (var header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.putIfAbsent(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        socket.setSoTimeout(0);
        var reader = new Thread(this::read, "raw-stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static RawStream open(URI uri, Map<String, String> headers) {
        try {
            return new RawStream(uri, headers);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + uri, e);
        }
    }

    public int status() {
        return status;
    }

    public String header(String name) {
        return headers.get(name);
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

    /** The next event, or null when none comes within the timeout. */
    public SseEvent poll(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the stream has ended (the server ended it, or the connection was lost or closed). */
    public boolean ended() {
        return ended.getCount() == 0;
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
            socket.close();
        } catch (IOException ignored) {
            // closing is all that is wanted
        }
    }

    private void read() {
        var parser = new Parser();
        try {
            var chunked = "chunked".equalsIgnoreCase(header("Transfer-Encoding"));
            var length = header("Content-Length");
            if (chunked) {
                for (int size = chunkSize(); size > 0; size = chunkSize()) {
                    copy(size, parser);
                    line(in);
                }
            } else if (length != null) {
                copy(Long.parseLong(length), parser);
            } else {
                copy(Long.MAX_VALUE, parser);
            }
        } catch (IOException | RuntimeException closed) {
            // the test closed the stream, or the server dropped it
        } finally {
            ended.countDown();
        }
    }

    private int chunkSize() throws IOException {
        var size = line(in);
        int semicolon = size.indexOf(';');
        return Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
    }

    private void copy(long count, Parser parser) throws IOException {
        var buffer = new byte[8192];
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                if (count == Long.MAX_VALUE) {
                    return;
                }
                throw new IOException("the response ended early");
            }
            synchronized (raw) {
                raw.write(buffer, 0, n);
            }
            parser.feed(buffer, n);
            left -= n;
        }
    }

    /** One header line, without its CRLF. */
    private static String line(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                var text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        throw new IOException("connection closed");
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
