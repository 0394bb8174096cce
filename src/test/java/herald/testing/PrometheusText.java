package herald.testing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Prometheus text exposition format (0.0.4), read strictly: every line is a {@code # HELP},
 * a {@code # TYPE} or a sample {@code name{labels} value}, and every sample belongs to a declared
 * metric. Anything else fails the test.
 */
public final class PrometheusText {

    private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .*");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\")*\\})?"
                    + " ([-+]?[0-9.eE+-]+|NaN|[+-]Inf)( -?\\d+)?");

    private final Map<String, String> types = new HashMap<>();
    private final Map<String, Double> samples = new HashMap<>();

    private PrometheusText(String text) {
        Set<String> helped = new HashSet<>();
        for (var line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            var help = HELP.matcher(line);
            var type = TYPE.matcher(line);
            var sample = SAMPLE.matcher(line);
            if (help.matches()) {
                helped.add(help.group(1));
            } else if (type.matches()) {
                types.put(type.group(1), type.group(2));
            } else if (sample.matches()) {
                var name = sample.group(1);
                var family = types.containsKey(name) ? name : name.replaceAll("_(total|created|count|sum|bucket)$", "");
                if (!types.containsKey(family) && !types.containsKey(name)) {
                    throw new AssertionError("sample of an undeclared metric: " + line);
                }
                samples.put(name + (sample.group(2) == null ? "" : sample.group(2)), Double.valueOf(sample.group(4)));
            } else {
                throw new AssertionError("not Prometheus text format: '" + line + "'");
            }
        }
        if (!helped.containsAll(types.keySet())) {
            throw new AssertionError("every metric has a HELP line: " + types.keySet() + " vs " + helped);
        }
    }

    public static PrometheusText parse(String text) {
        return new PrometheusText(text);
    }

    /** The value of a sample, written as on the wire: {@code name} or {@code name{label="value"}}. */
    public double value(String sample) {
        var value = samples.get(sample);
        if (value == null) {
            throw new AssertionError("no sample " + sample + " among " + samples.keySet());
        }
        return value;
    }

    /** The value of a sample, or {@code otherwise} when there is none yet (a label never counted). */
    public double valueOr(String sample, double otherwise) {
        return samples.getOrDefault(sample, otherwise);
    }

    public String type(String metric) {
        return types.get(metric);
    }
}
