package herald.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a test opened (streams, clients, proxies), closed together after it, also when it fails.
 * Register it as a field with {@code @RegisterExtension}.
 */
public final class OpenStreams implements AutoCloseable, AfterEachCallback {

    private final List<AutoCloseable> open = new ArrayList<>();

    public <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    public RawStream open(URI uri, Map<String, String> headers) {
        return keep(RawStream.open(uri, headers));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (var closeable : open) {
            try {
                closeable.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
