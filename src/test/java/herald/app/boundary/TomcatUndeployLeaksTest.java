package herald.app.boundary;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link TomcatUndeployIT} counts as left behind, on lines as Tomcat 11 writes them. */
class TomcatUndeployLeaksTest {

    private static final String REPORT = "03-Dec-2026 15:39:29.926 WARNING [http-nio-127.0.0.1-41877-exec-9] "
            + "org.apache.catalina.loader.WebappClassLoaderBase.clearReferencesThreads The web application [herald] "
            + "appears to have started a thread named [%s] but has failed to stop it. This is very likely to create a "
            + "memory leak. Stack trace of thread:\n";

    private static final String IDLE_WORKER = """
             java.base@17.0.15/jdk.internal.misc.Unsafe.park(Native Method)
             java.base@17.0.15/java.util.concurrent.LinkedBlockingQueue.take(LinkedBlockingQueue.java:435)
             org.apache.tomcat.util.threads.TaskQueue.take(TaskQueue.java:132)
             org.apache.tomcat.util.threads.ThreadPoolExecutor.getTask(ThreadPoolExecutor.java:889)
             org.apache.tomcat.util.threads.TaskThread$WrappingRunnable.run(TaskThread.java:74)
             java.base@17.0.15/java.lang.Thread.run(Thread.java:840)
            """;

    private static final String NEXT = "03-Dec-2026 15:39:29.944 INFO [http-nio-127.0.0.1-41877-exec-9] "
            + "org.apache.catalina.startup.HostConfig.undeploy Undeploying context [/herald]\n";

    @Test
    void aWorkerOfTomcatsConnectorBackInItsPoolIsTomcats() {
        var log = REPORT.formatted("http-nio-127.0.0.1-41877-exec-1") + IDLE_WORKER + NEXT;

        assertTrue(TomcatUndeployIT.leaks(log).isEmpty());
    }

    @Test
    void tomcatsBackgroundPassIsTomcats() {
        var log = REPORT.formatted("Catalina-utility-2") + """
                 org.apache.catalina.core.StandardContext.backgroundProcess(StandardContext.java:4931)
                 org.apache.catalina.core.ContainerBase$ContainerBackgroundProcessor.run(ContainerBase.java:1156)
                 java.base@17.0.15/java.lang.Thread.run(Thread.java:840)
                """ + NEXT;

        assertTrue(TomcatUndeployIT.leaks(log).isEmpty());
    }

    @Test
    void heraldsOwnThreadCountsWhereverItWaits() {
        var log = REPORT.formatted("herald-send-1") + IDLE_WORKER + NEXT;

        assertEquals(1, TomcatUndeployIT.leaks(log).size());
    }

    @Test
    void aWorkerStillRunningHeraldsCodeCounts() {
        var log = REPORT.formatted("http-nio-127.0.0.1-41877-exec-1") + """
                 herald.stream.control.Subscriber.drain(Subscriber.java:200)
                 org.apache.tomcat.util.threads.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:949)
                 java.base@17.0.15/java.lang.Thread.run(Thread.java:840)
                """ + NEXT;

        assertEquals(1, TomcatUndeployIT.leaks(log).size());
    }

    @Test
    void aThreadLocalLeftBehindCounts() {
        var log = "03-Dec-2026 15:39:29.930 SEVERE [main] org.apache.catalina.loader.WebappClassLoaderBase"
                + ".checkThreadLocalMapForLeaks The web application [herald] created a ThreadLocal with key of type "
                + "[java.lang.ThreadLocal] (value [x]) but failed to remove it\n" + NEXT;

        assertEquals(1, TomcatUndeployIT.leaks(log).size());
    }
}
