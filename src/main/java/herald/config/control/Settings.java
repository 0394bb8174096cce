package herald.config.control;

import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Herald's settings. A setting {@code herald.<name>} is looked up, first found wins, as
 * <ol>
 *   <li>the system property {@code herald.<name>},</li>
 *   <li>the environment variable {@code HERALD_<NAME>} (upper case, dots as underscores),</li>
 *   <li>the servlet context parameter {@code herald.<name>} (e.g. from {@code web.xml}),</li>
 *   <li>the built-in default.</li>
 * </ol>
 * A value that cannot be read as what the setting needs stops the deployment with a message
 * naming it, rather than running with a silently different value.
 */
public final class Settings {

    private final UnaryOperator<String> systemProperties;
    private final Map<String, String> environment;
    private final UnaryOperator<String> contextParameters;

    public Settings(UnaryOperator<String> systemProperties, Map<String, String> environment,
                    UnaryOperator<String> contextParameters) {
        this.systemProperties = systemProperties;
        this.environment = environment;
        this.contextParameters = contextParameters;
    }

    /** The settings of a running application: this JVM's properties and environment, and the given context parameters. */
    public static Settings of(UnaryOperator<String> contextParameters) {
        return new Settings(System::getProperty, System.getenv(), contextParameters);
    }

    public Optional<String> text(String name) {
        var key = "herald." + name;
        var value = systemProperties.apply(key);
        if (value == null) {
            value = environment.get(environmentName(name));
        }
        if (value == null) {
            value = contextParameters.apply(key);
        }
        return Optional.ofNullable(value).map(String::trim);
    }

    public String text(String name, String fallback) {
        return text(name).orElse(fallback);
    }

    public int integer(String name, int fallback, int min, int max) {
        var value = text(name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.get());
            if (number < min || number > max) {
                throw new IllegalArgumentException();
            }
            return number;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("setting herald." + name + " must be a whole number from " + min
                    + " to " + max + ", was '" + value.get() + "'");
        }
    }

    /** One of {@code allowed}, the first being the default. */
    public String choice(String name, String... allowed) {
        var value = text(name);
        if (value.isEmpty()) {
            return allowed[0];
        }
        for (var option : allowed) {
            if (option.equals(value.get())) {
                return option;
            }
        }
        throw new IllegalStateException("setting herald." + name + " must be one of " + String.join(", ", allowed)
                + ", was '" + value.get() + "'");
    }

    static String environmentName(String name) {
        return "HERALD_" + name.replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }
}
