package herald.testing;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * What the build says of the Herald under test, as system properties of the test JVM: its settings ({@code it.herald},
 * the same {@code -Dherald.*} options every container is started with), the WAR it built, and what the container it
 * chose serves (its profile sets {@code it.container}, {@code it.transport}, {@code it.rest}).
 */
public final class Target {

    private Target() {
    }

    /** A setting of Herald under test, {@code herald.<name>}, as the build gave it; fails if it gave none. */
    public static String setting(String name) {
        var options = System.getProperty("it.herald", "");
        var matcher = Pattern.compile("(?:^|\\s)-Dherald\\." + Pattern.quote(name) + "=(\\S*)").matcher(options);
        if (!matcher.find()) {
            throw new IllegalStateException("the build sets no herald." + name + " in it.herald: " + options);
        }
        return matcher.group(1);
    }

    public static int intSetting(String name) {
        return Integer.parseInt(setting(name));
    }

    /** The WAR this container deploys: the thin one on full Jakarta EE servers, which bring Jakarta REST. */
    public static Path war() {
        return Path.of(System.getProperty("it.war", "target/herald.war"));
    }

    /** The container the tests run on, as its profile names it (jetty, tomcat, payara, wildfly, tomcat-redis…). */
    public static String container() {
        return System.getProperty("it.container", "jetty");
    }

    /** Where the build keeps the containers it fetched and the servers it runs ({@code target/containers}). */
    public static Path containers() {
        return Path.of(System.getProperty("it.containers", "target/containers"));
    }

    /** The transport the Herald under test is expected to serve {@code GET /stream} with: jaxrs or servlet. */
    public static String transport() {
        return System.getProperty("it.transport", "jaxrs");
    }

    /**
     * What a stream's body starts with before its first event: nothing, but two line feeds where RESTEasy's sink
     * writes it (it opens every stream with a blank line pair, which clients ignore as an event with no data).
     */
    public static String streamPrefix() {
        return restEasySink() ? "\n\n" : "";
    }

    /** Whether streams go through RESTEasy's {@code SseEventSink} (WildFly with the Jakarta REST transport). */
    public static boolean restEasySink() {
        return "resteasy".equals(System.getProperty("it.rest", "jersey")) && "jaxrs".equals(transport());
    }
}
