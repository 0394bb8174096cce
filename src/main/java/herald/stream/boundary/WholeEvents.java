package herald.stream.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;

/**
 * Hands the container each event of a Jakarta REST stream in one write. Jersey's sink writes an event in two
 * (the event, then a line feed of its own) and then flushes; a container that gathers nothing per stream
 * (Herald keeps no response buffer, see {@code StreamHeaders}) would send each write as a chunk and a system call
 * of its own, two per event and client. {@link EventWrites} joins what is written between two flushes.
 */
public class WholeEvents implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (MediaType.SERVER_SENT_EVENTS_TYPE.isCompatible(response.getMediaType())) {
            response.setEntityStream(new EventWrites(response.getEntityStream()));
        }
    }
}
