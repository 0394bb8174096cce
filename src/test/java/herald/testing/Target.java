package herald.testing;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * What the build says of the Herald under test, as system properties of the test JVM: its settings ({@code it.herald},
 * the same {@code -Dherald.*} options every container is started with) and the container it chose
 * ({@code it.container}), from which follows what Herald is to say of itself there.
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

    /** The container the tests run on, as its profile names it: jetty, jetty-servlet, tomcat, tomcat-redis, payara,
     * wildfly, wildfly-jaxrs. What Herald is to say of itself there follows from it. */
    public static String container() {
        return System.getProperty("it.container", "jetty");
    }

    /** Payara and WildFly bring Jakarta REST and a managed scheduled executor of their own. */
    private static boolean fullServer() {
        return container().startsWith("payara") || container().startsWith("wildfly");
    }

    /** The WAR this container deploys (from the project's folder, where the build runs the tests). */
    public static Path war() {
        return Path.of("target", fullServer() ? "herald-thin.war" : "herald.war");
    }

    /** Where the ticker runs: the server's managed scheduled executor where there is one. */
    public static String executor() {
        return fullServer() ? "managed" : "own";
    }

    /** Where events are kept: the Redis pair shares one redis-server. */
    public static String store() {
        return container().endsWith("-redis") ? "redis" : "memory";
    }

    /** Where the build keeps the containers it fetched and the servers it runs ({@code target/containers}). */
    public static Path containers() {
        return Path.of(System.getProperty("it.containers", "target/containers"));
    }

    /** How {@code GET /stream} is served: the servlet writer where set, and by default on RESTEasy (WildFly). */
    public static String transport() {
        return container().equals("jetty-servlet") || container().equals("wildfly") ? "servlet" : "jaxrs";
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
        return container().startsWith("wildfly") && "jaxrs".equals(transport());
    }
}
