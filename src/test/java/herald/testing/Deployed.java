package herald.testing;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;

/**
 * An integration test of Herald as a container really runs it. Arquillian deploys the WAR the build made, as it is,
 * to the container the build chose ({@code src/test/resources/arquillian.xml}) before the test class, and
 * undeploys it after; the test talks to it from outside (client mode), through {@link #herald}, at the URL the
 * container gives.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class Deployed {

    /** Deployed as {@code herald.war}: the context path is {@code /herald} wherever the name sets it. */
    @Deployment(testable = false)
    public static WebArchive war() {
        return ShrinkWrap.create(ZipImporter.class, "herald.war").importFrom(Target.war().toFile()).as(WebArchive.class);
    }

    @ArquillianResource
    private URL url;

    /** Herald as deployed for this class. */
    protected HeraldClient herald;

    @BeforeEach
    void connect() throws Exception {
        // Every server here listens on 127.0.0.1 only, whatever host name a container reports (Payara Micro gives
        // the machine's).
        var given = url.toURI();
        herald = new HeraldClient(new URI("http", null, "127.0.0.1", given.getPort(), given.getPath(), null, null));
    }
}
