package herald.stream.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportTest {

    static final String JERSEY = "org.glassfish.jersey.internal.RuntimeDelegateImpl";
    static final String RESTEASY = "org.jboss.resteasy.core.providerfactory.ResteasyProviderFactoryImpl";

    @Test
    void autoIsTheJakartaRestShapeExceptOnRestEasy() {
        assertEquals(Transport.JAXRS, Transport.choose("auto", JERSEY));
        assertEquals(Transport.SERVLET, Transport.choose("auto", RESTEASY));
        assertEquals(Transport.JAXRS, Transport.choose("jaxrs", RESTEASY));
        assertEquals(Transport.SERVLET, Transport.choose("servlet", JERSEY));
        assertThrows(IllegalArgumentException.class, () -> Transport.choose("websocket", JERSEY));
    }

    @Test
    void onlyJerseysSinkLeavesTheResponseBeneathItToHerald() {
        assertTrue(Transport.sinkWritesResponse(JERSEY));
        assertFalse(Transport.sinkWritesResponse(RESTEASY), "RESTEasy's sink writes later, from its own queue");
        assertFalse(Transport.sinkWritesResponse(""), "no platform found: every frame through the sink");
    }
}
