// Herald's load generator: N SSE connections on one non-blocking selector, publishing through POST /stream,
// and the figures the benchmark reports. Run it as a single file (no build): java bench/Load.java key=value...
//
//   base=http://127.0.0.1:8080/   the server (publishing goes there)
//   base2=URL pid2=P              a second instance sharing the stream (through Redis): every other client opens there
//   mode=hold|publish|ramp        hold: ticks only; publish: `events` events at `rate`/s; ramp: rising rates
//   clients=N  stalled=K          N reading clients; K that connect and never read (they must be cut off)
//   seconds=S events=M rate=R     how long to hold; how many events and how fast to publish
//   token=T topic=X pid=P         publish token; topic (default: the ticks' topic); server pid for RSS and threads
//   connectBatch=B                connections opened at most at once while connecting (default 500)
//   size=BYTES                    pad each published event's data to this size (default: no padding)
//   cutWait=S                     how long to wait for the server to cut the stalled clients (default 30)
//   settle=MS                     how long to wait after the clients opened before measuring (default 1500)
//   perEvent=1                    print each published event's delays apart, and when the clients opened and the work began
//   warmUp=0                      measure with this client's read path not compiled yet (default: compiled first)
//
// Delays are receive time minus the time in the data (the date of a tick; the publisher's clock for events):
// client and server share this machine's clock.
//
// CPU: cores the server processes (pid, pid2) and this load generator used while the clients opened (open*Cores)
// and while the workload ran after that (*Cores): CPU time over wall time, from /proc. On 2 cores, a server near
// 1.0 while the load generator takes the other is what the machine allows the server.
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

public class Load {

    static Map<String, String> opts = new HashMap<>();
    static int[] delays = new int[1 << 20];
    static int delayCount;
    static long publishedReceived;
    // perEvent=1: each published event's delays kept apart, to tell one late event from a slow fan-out (a diagnostic).
    static boolean perEvent;
    static final Map<Integer, List<Integer>> eventDelays = new java.util.TreeMap<>();

    static String opt(String key, String fallback) {
        return opts.getOrDefault(key, fallback);
    }

    static void record(long delayMillis) {
        if (delayCount == delays.length) {
            delays = Arrays.copyOf(delays, delays.length * 2);
        }
        delays[delayCount++] = (int) Math.max(0, delayMillis);
    }

    /** One SSE connection: HTTP head, chunked body, SSE lines. */
    static final class Conn {
        final SocketChannel channel;
        final boolean stalled;
        final ByteBuffer request;
        final StringBuilder head = new StringBuilder();
        boolean headDone;
        boolean chunked;
        int status;
        long chunkLeft = -1; // -1: reading a size line; -2: reading the CRLF after a chunk
        final StringBuilder sizeLine = new StringBuilder();
        // Only a line's first bytes are kept: they hold all that is measured (the send time, or a tick's date),
        // and copying the padding of large events byte by byte would make the load generator the bottleneck.
        final byte[] line = new byte[LINE_KEPT];
        int lineLength;
        String type = "";
        final StringBuilder data = new StringBuilder();
        boolean hasData;
        boolean accepted;
        boolean ended;

        Conn(SocketChannel channel, boolean stalled, String target, String host) {
            this.channel = channel;
            this.stalled = stalled;
            this.request = ByteBuffer.wrap(("GET " + target + " HTTP/1.1\r\nHost: " + host
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        void feed(ByteBuffer in) {
            // After the last chunk ("0" CRLF) only its closing CRLF can follow: nothing more to parse.
            while (in.hasRemaining() && !ended) {
                byte b = in.get();
                if (!headDone) {
                    head.append((char) b);
                    if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                        headDone = true;
                        status = Integer.parseInt(head.substring(9, 12));
                        chunked = head.toString().toLowerCase().contains("transfer-encoding: chunked");
                    }
                } else if (!chunked) {
                    body(b);
                } else if (chunkLeft == -1) {
                    if (b == '\n') {
                        var size = sizeLine.toString().trim();
                        int semi = size.indexOf(';');
                        chunkLeft = Long.parseLong(semi < 0 ? size : size.substring(0, semi), 16);
                        sizeLine.setLength(0);
                        if (chunkLeft == 0) {
                            ended = true;
                        }
                    } else {
                        sizeLine.append((char) b);
                    }
                } else if (chunkLeft == -2) {
                    if (b == '\n') {
                        chunkLeft = -1;
                    }
                } else {
                    body(b);
                    if (--chunkLeft == 0) {
                        chunkLeft = -2;
                    } else if (lineLength == LINE_KEPT) {
                        // Past what is kept of this line: skip to its end (or the chunk's) without looking at each byte.
                        int end = in.position() + (int) Math.min(chunkLeft, in.remaining());
                        int at = in.position();
                        while (at < end && in.get(at) != '\n') {
                            at++;
                        }
                        chunkLeft -= at - in.position();
                        in.position(at);
                        if (chunkLeft == 0) {
                            chunkLeft = -2;
                        }
                    }
                }
            }
        }

        void body(byte b) {
            if (b == '\n') {
                var text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
                lineLength = 0;
                if (text.endsWith("\r")) {
                    text = text.substring(0, text.length() - 1);
                }
                onLine(text);
            } else {
                if (lineLength < LINE_KEPT) {
                    line[lineLength++] = b;
                }
            }
        }

        void onLine(String text) {
            if (text.isEmpty()) {
                if (hasData) {
                    dispatch(type.isEmpty() ? "message" : type, data.substring(0, data.length() - 1));
                }
                type = "";
                data.setLength(0);
                hasData = false;
            } else if (text.startsWith("data:")) {
                data.append(text.startsWith("data: ") ? text.substring(6) : text.substring(5)).append('\n');
                hasData = true;
            } else if (text.startsWith("event:")) {
                type = text.substring(6).trim();
            }
        }

        void dispatch(String eventType, String value) {
            long now = System.currentTimeMillis();
            if (eventType.equals("connecttime")) {
                accepted = true;
            } else if (value.startsWith("t=")) {
                int end = value.indexOf(';');
                long delay = now - Long.parseLong(value.substring(2, end < 0 ? value.length() : end));
                record(delay);
                publishedReceived++;
                if (perEvent && end > 0) {
                    int next = value.indexOf(';', end + 1);
                    eventDelays.computeIfAbsent(Integer.parseInt(value.substring(end + 1, next)), i -> new ArrayList<>())
                            .add((int) delay);
                }
            } else if (measureTicks && eventType.equals("message") && value.length() == 24 && value.endsWith("Z")) {
                record(now - Instant.parse(value).toEpochMilli());
            }
        }
    }

    static final int LINE_KEPT = 64;
    static boolean measureTicks;
    static final List<Conn> conns = new ArrayList<>();
    static Selector selector;

    /** RSS and threads of the server processes, summed. */
    static Map<String, Long> proc(List<String> pids) {
        var result = new HashMap<String, Long>();
        for (var pid : pids) {
            try {
                for (var line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        result.merge("rssKb", Long.parseLong(line.replaceAll("\\D", "")), Long::sum);
                    } else if (line.startsWith("Threads:")) {
                        result.merge("threads", Long.parseLong(line.replaceAll("\\D", "")), Long::sum);
                    }
                }
            } catch (IOException e) {
                // the server's figures are optional
            }
        }
        return result;
    }

    /** CPU time used so far by the given processes, in nanoseconds; a process that has gone counts 0. */
    static long cpuNanos(List<String> pids) {
        long total = 0;
        for (var pid : pids) {
            total += ProcessHandle.of(Long.parseLong(pid)).flatMap(p -> p.info().totalCpuDuration())
                    .map(java.time.Duration::toNanos).orElse(0L);
        }
        return total;
    }

    static long selfCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    /** Runs the selector for a while, reading every connection that has bytes; writes pending requests. */
    static void pump(long millis) throws IOException {
        long until = System.currentTimeMillis() + millis;
        var buffer = ByteBuffer.allocateDirect(64 * 1024);
        while (System.currentTimeMillis() < until) {
            selector.select(Math.max(1, until - System.currentTimeMillis()));
            var keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                var key = keys.next();
                keys.remove();
                var conn = (Conn) key.attachment();
                try {
                    if (key.isConnectable() && conn.channel.finishConnect()) {
                        key.interestOps(SelectionKey.OP_WRITE);
                    } else if (key.isWritable()) {
                        conn.channel.write(conn.request);
                        if (!conn.request.hasRemaining()) {
                            key.interestOps(conn.stalled ? 0 : SelectionKey.OP_READ);
                        }
                    } else if (key.isReadable()) {
                        buffer.clear();
                        int n = conn.channel.read(buffer);
                        if (n < 0) {
                            conn.ended = true;
                            key.cancel();
                            conn.channel.close();
                        } else {
                            buffer.flip();
                            conn.feed(buffer);
                        }
                    }
                } catch (IOException e) {
                    conn.ended = true;
                    key.cancel();
                    conn.channel.close();
                }
            }
        }
    }

    static Conn open(URI base, String target, boolean stalled) throws IOException {
        var channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (stalled) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        }
        var conn = new Conn(channel, stalled, target, base.getHost() + ":" + base.getPort());
        channel.connect(new InetSocketAddress(base.getHost(), base.getPort()));
        channel.register(selector, SelectionKey.OP_CONNECT, conn);
        conns.add(conn);
        return conn;
    }

    static long percentile(int[] sorted, int count, double p) {
        if (count == 0) {
            return -1;
        }
        return sorted[Math.min(count - 1, (int) Math.ceil(p * count) - 1)];
    }

    public static void main(String[] args) throws Exception {
        for (var arg : args) {
            int eq = arg.indexOf('=');
            opts.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        var base = URI.create(opt("base", "http://127.0.0.1:8080/"));
        var mode = opt("mode", "hold");
        int clients = Integer.parseInt(opt("clients", "100"));
        int stalled = Integer.parseInt(opt("stalled", "0"));
        var topic = opt("topic", "");
        var pid = opts.get("pid");
        int batch = Integer.parseInt(opt("connectBatch", "500"));
        measureTicks = mode.equals("hold");
        perEvent = opt("perEvent", "0").equals("1");
        selector = Selector.open();
        var bases = new ArrayList<URI>(List.of(base));
        if (opts.containsKey("base2")) {
            bases.add(URI.create(opts.get("base2")));
        }
        var pids = new ArrayList<String>();
        if (pid != null) {
            pids.add(pid);
        }
        if (opts.containsKey("pid2")) {
            pids.add(opts.get("pid2"));
        }
        var query = "stream" + (topic.isEmpty() ? "" : "?topic=" + topic);
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        if (!opt("warmUp", "1").equals("0")) {
            warmUp();
            if (!mode.equals("hold")) {
                warmUpPublishing(http);
            }
        }

        // Start from an empty server: streams of a previous run that no tick reaches are only found gone by the
        // next heartbeat, and until then they count against the server's limit of clients.
        long emptyBy = System.currentTimeMillis() + 30_000;
        while (serverClients(http, bases) > 0 && System.currentTimeMillis() < emptyBy) {
            Thread.sleep(500);
        }
        var before = proc(pids);
        long start = System.nanoTime();
        var openedAt = java.time.LocalTime.now();
        long serverCpuStart = cpuNanos(pids);
        long clientCpuStart = selfCpuNanos();
        for (int i = 0; i < clients; i++) {
            var to = bases.get(i % bases.size());
            open(to, to.getPath() + query, false);
            if (i % batch == batch - 1) {
                // let the server accept what was asked before asking for more
                long openNow = conns.stream().filter(c -> !c.stalled && !c.accepted && !c.ended).count();
                while (openNow > batch) {
                    pump(5);
                    openNow = conns.stream().filter(c -> !c.stalled && !c.accepted && !c.ended).count();
                }
            }
        }
        for (int i = 0; i < stalled; i++) {
            var to = bases.get(i % bases.size());
            open(to, to.getPath() + query, true);
        }
        long deadline = System.currentTimeMillis() + 120_000;
        while (conns.stream().filter(c -> !c.stalled).anyMatch(c -> !c.accepted && !c.ended)
                && System.currentTimeMillis() < deadline) {
            pump(10);
        }
        long opened = System.nanoTime();
        double openSeconds = (opened - start) / 1e9;
        long serverCpuOpened = cpuNanos(pids);
        long clientCpuOpened = selfCpuNanos();
        double openServerCores = (serverCpuOpened - serverCpuStart) / (double) (opened - start);
        double openClientCores = (clientCpuOpened - clientCpuStart) / (double) (opened - start);
        long accepted = conns.stream().filter(c -> c.accepted).count();
        pump(Long.parseLong(opt("settle", "1500")));
        var with = proc(pids);
        long workStart = System.nanoTime();
        if (perEvent) {
            System.out.printf("PHASE opening %s, working %s%n", openedAt, java.time.LocalTime.now());
        }
        long serverCpuWork = cpuNanos(pids);
        long clientCpuWork = selfCpuNanos();
        delayCount = 0;
        publishedReceived = 0;

        var token = opt("token", "dev");
        var published = new AtomicInteger();
        long sustained = 0;
        var out = new StringBuilder();
        if (mode.equals("hold")) {
            pump(Long.parseLong(opt("seconds", "30")) * 1000);
        } else if (mode.equals("publish")) {
            int events = Integer.parseInt(opt("events", "20"));
            double rate = Double.parseDouble(opt("rate", "10"));
            publish(http, base, token, topic, events, rate, published);
            pump(3000);
        } else if (mode.equals("ramp")) {
            for (double rate : new double[]{10, 20, 50, 100, 200, 400, 800, 1600}) {
                delayCount = 0;
                publishedReceived = 0;
                int events = (int) (rate * 3);
                long t0 = System.nanoTime();
                publish(http, base, token, topic, events, rate, published);
                pump(1000);
                double seconds = (System.nanoTime() - t0) / 1e9;
                var sorted = Arrays.copyOf(delays, delayCount);
                Arrays.sort(sorted);
                long p99 = percentile(sorted, delayCount, 0.99);
                long delivered = publishedReceived;
                long expected = (long) events * accepted;
                out.append(String.format("ramp rate=%.0f/s delivered=%d/%d (%.0f/s) p99=%dms%n",
                        rate, delivered, expected, delivered / seconds, p99));
                if (p99 > 1000 || delivered < expected) {
                    break;
                }
                sustained = (long) (delivered / seconds);
            }
        }

        long workNanos = Math.max(1, System.nanoTime() - workStart);
        double serverCores = (cpuNanos(pids) - serverCpuWork) / (double) workNanos;
        double clientCores = (selfCpuNanos() - clientCpuWork) / (double) workNanos;
        int samples = delayCount;
        var sorted = Arrays.copyOf(delays, samples);
        Arrays.sort(sorted);
        long received = publishedReceived;
        long expected = (long) published.get() * accepted;
        long cut = 0;
        if (stalled > 0) {
            // The stalled clients never read, so they cannot see their end themselves: ask the server how many it
            // still holds (GET /health, on both servers), until the stalled ones are gone or cutWait passes.
            long until = System.currentTimeMillis() + Long.parseLong(opt("cutWait", "30")) * 1000;
            long readers = conns.stream().filter(c -> !c.stalled && !c.ended).count();
            do {
                pump(500);
                cut = Math.max(0, Math.min(stalled, readers + stalled - serverClients(http, bases)));
            } while (cut < stalled && System.currentTimeMillis() < until);
        }
        System.out.print(out);
        eventDelays.forEach((event, list) -> {
            list.sort(null);
            System.out.printf("EVENT %d clients=%d min=%d p50=%d p99=%d max=%d%n", event, list.size(), list.get(0),
                    list.get(list.size() / 2), list.get((int) (list.size() * 0.99)), list.get(list.size() - 1));
        });
        System.out.printf(
                "RESULT mode=%s clients=%d accepted=%d openSeconds=%.2f samples=%d p50=%d p99=%d max=%d"
                        + " published=%d missing=%d sustained=%d stalledCut=%d/%d rssBeforeKb=%d rssWithKb=%d"
                        + " perConnKb=%.1f threads=%d openServerCores=%.2f openClientCores=%.2f serverCores=%.2f"
                        + " clientCores=%.2f%n",
                mode, clients, accepted, openSeconds, samples, percentile(sorted, samples, 0.50),
                percentile(sorted, samples, 0.99), samples == 0 ? -1 : sorted[samples - 1],
                published.get(), mode.equals("publish") ? Math.max(0, expected - received) : 0, sustained,
                cut, stalled, before.getOrDefault("rssKb", -1L), with.getOrDefault("rssKb", -1L),
                (with.getOrDefault("rssKb", 0L) - before.getOrDefault("rssKb", 0L)) / (double) Math.max(1, accepted),
                with.getOrDefault("threads", -1L), openServerCores, openClientCores, serverCores, clientCores);
        for (var conn : conns) {
            conn.channel.close();
        }
    }

    /**
     * Runs this client's read path until the JIT has compiled it, before anything is measured. Each workload starts a
     * fresh JVM; C2 compiling the read loop while (b)'s 20 events arrived put up to 300 ms of the client's own into
     * (b)'s p99, for every server alike (BENCHMARKS.md, run 28). The stream read here comes from a thread of this
     * process on a loopback port of its own, through the same code a measured stream goes through (selector, chunk
     * parser, SSE lines, the delays parsed and recorded): the server measured sees none of it, and nothing of it is
     * counted. It runs until the JIT has been quiet for a while (the JDK's socket reads and the selector loop reach C2
     * only after some seconds of it: run 29), at least one second and at most ten.
     */
    static void warmUp() throws Exception {
        int clients = 200;
        int rounds = 30;
        long began = System.nanoTime();
        try (var local = ServerSocketChannel.open()) {
            local.bind(new InetSocketAddress("127.0.0.1", 0));
            var feeder = new Thread(() -> feedWarmUp(local, clients, rounds), "warm-up feeder");
            feeder.setDaemon(true);
            feeder.start();
            var to = URI.create("http://127.0.0.1:" + local.socket().getLocalPort() + "/");
            boolean ticks = measureTicks;
            measureTicks = true;
            var jitQuiet = new JitQuiet();
            // In waves that open, read and end their streams, as a workload does: code the JIT had compiled without
            // ever seeing a connect would be compiled again once the measured clients connect.
            do {
                for (int i = 0; i < clients; i++) {
                    open(to, "/stream", false);
                }
                long deadline = System.currentTimeMillis() + 10_000;
                while (conns.stream().anyMatch(c -> !c.ended) && System.currentTimeMillis() < deadline) {
                    pump(10);
                }
                for (var conn : conns) {
                    conn.channel.close();
                }
                conns.clear();
            } while (!jitQuiet.now());
            measureTicks = ticks;
        }
        eventDelays.clear(); // the delays themselves are reset where the measured work begins
        if (perEvent) {
            System.out.printf("PHASE warm-up %.1f s%n", (System.nanoTime() - began) / 1e9);
        }
    }

    /**
     * Whether the JIT has compiled nothing for a while, from the JVM's total compilation time: true once it grew by
     * under 5 ms in the last half second (after at least a second), or after ten seconds whatever it does.
     */
    static final class JitQuiet {
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        final long start = System.nanoTime();
        long lastCheck = start;
        long lastTime = jit.getTotalCompilationTime();

        boolean now() {
            long at = System.nanoTime();
            if (at - start > 10_000_000_000L) {
                return true;
            }
            if (at - lastCheck < 500_000_000L) {
                return false;
            }
            long time = jit.getTotalCompilationTime();
            boolean quiet = time - lastTime < 5 && at - start > 1_000_000_000L;
            lastCheck = at;
            lastTime = time;
            return quiet;
        }
    }

    /**
     * The same for the publishing path (the HTTP client's POST, the padding, the URL encoding), interpreted at first:
     * the first events of (b) reached even the first client 50 ms later than the others. Posted at a loopback server
     * of this process, answering 202 as Herald does; nothing reaches the server measured.
     */
    static void warmUpPublishing(HttpClient http) throws Exception {
        var local = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        local.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        local.start();
        try {
            var to = URI.create("http://127.0.0.1:" + local.getAddress().getPort() + "/");
            var accepted = new AtomicInteger();
            int sent = 0;
            var jitQuiet = new JitQuiet();
            while (!jitQuiet.now()) {
                publish(http, to, "warm-up", "warm-up", 100, 500, accepted);
                sent += 100;
            }
            long deadline = System.currentTimeMillis() + 10_000;
            while (accepted.get() < sent && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            local.stop(0);
        }
    }

    /**
     * The warm-up's server: waves of {@code clients} streams, each sent {@code rounds} rounds of a tick and events of
     * 1,000 and 6,000 bytes, chunked as the servers measured send them, then ended; until the socket is closed.
     */
    static void feedWarmUp(ServerSocketChannel local, int clients, int rounds) {
        var streams = new ArrayList<SocketChannel>();
        try {
            var request = ByteBuffer.allocate(1024);
            while (true) {
                for (int i = 0; i < clients; i++) {
                    var stream = local.accept();
                    streams.add(stream);
                    var head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n") && stream.read(request.clear()) > 0) {
                        head.append(StandardCharsets.US_ASCII.decode(request.flip()));
                    }
                    writeAll(stream, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + chunk("retry: 10000\nevent: connecttime\ndata: " + Instant.now() + "\n\n"));
                }
                for (int round = 0; round < rounds; round++) {
                    String event = switch (round % 3) {
                        case 0 -> "data: " + Instant.now().truncatedTo(ChronoUnit.MILLIS) + "\n\n";
                        default -> {
                            var data = new StringBuilder("t=" + System.currentTimeMillis() + ";" + round + ";");
                            data.append("x".repeat(Math.max(0, (round % 3 == 1 ? 1000 : 6000) - data.length())));
                            yield "id: " + round + "\nevent: message\ndata: " + data + "\n\n";
                        }
                    };
                    var bytes = chunk(event);
                    for (var stream : streams) {
                        writeAll(stream, bytes);
                    }
                }
                for (var stream : streams) {
                    writeAll(stream, "0\r\n\r\n");
                    stream.close();
                }
                streams.clear();
            }
        } catch (IOException e) {
            // the warm-up is over (its socket closed), or a stream broke off: its client ends, and the measuring goes on
        } finally {
            for (var stream : streams) {
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // closing only
                }
            }
        }
    }

    static String chunk(String text) {
        return Integer.toHexString(text.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + text + "\r\n";
    }

    static void writeAll(SocketChannel stream, String text) throws IOException {
        var buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            stream.write(buffer);
        }
    }

    /** Open streams on all the servers, as their GET /health says. */
    static long serverClients(HttpClient http, List<URI> bases) throws Exception {
        long total = 0;
        for (var base : bases) {
            var body = http.send(HttpRequest.newBuilder(base.resolve("health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            var m = java.util.regex.Pattern.compile("\"clients\":(\\d+)").matcher(body);
            total += m.find() ? Long.parseLong(m.group(1)) : 0;
        }
        return total;
    }

    /** Publishes `events` events at `rate` per second, pumping the selector in between. */
    static void publish(HttpClient http, URI base, String token, String topic, int events, double rate,
                        AtomicInteger published) throws Exception {
        long periodNanos = (long) (1e9 / rate);
        int size = Integer.parseInt(opt("size", "0"));
        long next = System.nanoTime();
        for (int i = 0; i < events; i++) {
            var data = new StringBuilder("t=" + System.currentTimeMillis() + ";" + i + ";");
            while (data.length() < size) {
                data.append('x');
            }
            var body = (topic.isEmpty() ? "" : "topic=" + topic + "&") + "data="
                    + URLEncoder.encode(data.toString(), StandardCharsets.UTF_8);
            http.sendAsync(HttpRequest.newBuilder(base.resolve("stream"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .thenAccept(response -> {
                        if (response.statusCode() == 202) {
                            published.incrementAndGet();
                        }
                    });
            next += periodNanos;
            long wait = (next - System.nanoTime()) / 1_000_000;
            if (wait > 0) {
                pump(wait);
            }
        }
    }
}
