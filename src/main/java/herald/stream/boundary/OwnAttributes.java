package herald.stream.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;

/**
 * A stream's request as the platform's Jakarta REST servlet is given it (on Jersey, see {@code RootPaths}), which keeps
 * the attributes set on it from then on in itself, rather than in the container's request.
 *
 * <p>Why: Jersey sets an attribute on every request it serves (its tracing logger, the shared no-op one while tracing
 * is off), and on Jetty the first attribute set on a request makes the container's request allocate a concurrent map for
 * its attributes, which a stream then keeps for its whole life: the map, its table and its node, 212 bytes of each
 * {@code jaxrs} stream's 7.1 KB (BENCHMARKS.md runs 32 and 33). Kept here they cost this wrapper and a small array, 48
 * bytes, and nothing of the container's.
 *
 * <p>What this request holds shadows the container's attribute of the same name; what it does not hold is read from,
 * and removed from, the container's request. Attributes set before the wrapper was made stay the container's. Thread
 * safe, as the container's attributes are.
 */
public final class OwnAttributes extends HttpServletRequestWrapper {

    private static final Object[] NONE = {};

    /** Names and values, alternately; replaced, never changed in place, under this object's lock. */
    private volatile Object[] own = NONE;

    public OwnAttributes(HttpServletRequest request) {
        super(request);
    }

    @Override
    public Object getAttribute(String name) {
        var pairs = own;
        int at = indexOf(pairs, name);
        return at >= 0 ? pairs[at + 1] : super.getAttribute(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        var names = new LinkedHashSet<String>();
        var pairs = own;
        for (int i = 0; i < pairs.length; i += 2) {
            names.add((String) pairs[i]);
        }
        names.addAll(Collections.list(super.getAttributeNames()));
        return Collections.enumeration(names);
    }

    @Override
    public void setAttribute(String name, Object value) {
        if (value == null) {
            removeAttribute(name);
            return;
        }
        if (name == null) {
            throw new IllegalArgumentException("an attribute needs a name");
        }
        synchronized (this) {
            int at = indexOf(own, name);
            var pairs = at >= 0 ? own.clone() : Arrays.copyOf(own, own.length + 2);
            if (at < 0) {
                at = own.length;
                pairs[at] = name;
            }
            pairs[at + 1] = value;
            own = pairs;
        }
    }

    @Override
    public void removeAttribute(String name) {
        boolean held;
        synchronized (this) {
            int at = indexOf(own, name);
            held = at >= 0;
            if (held) {
                var pairs = new Object[own.length - 2];
                System.arraycopy(own, 0, pairs, 0, at);
                System.arraycopy(own, at + 2, pairs, at, own.length - at - 2);
                own = pairs;
            }
        }
        if (!held) {
            super.removeAttribute(name);
        }
    }

    private static int indexOf(Object[] pairs, String name) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
