package herald.stream.boundary;

import herald.stream.control.FrameEvent;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Writes a {@link FrameEvent} as the bytes Herald made for it once per broadcast, instead of having the
 * platform format it again for every stream. Jersey's sink picks the most specific writer for what it is
 * sent, so it uses this one, and then ends each event with a line break of its own (its chunk delimiter):
 * hence the frame's last line break is left to it. Jersey's own writer would also drop the {@code data:}
 * line of an event with empty data, which a browser then never dispatches. RESTEasy's sink always formats
 * events itself and never asks for this writer.
 */
@Produces(MediaType.SERVER_SENT_EVENTS)
public class FrameEventWriter implements MessageBodyWriter<FrameEvent> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return FrameEvent.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(FrameEvent event, Class<?> type, Type genericType, Annotation[] annotations,
                        MediaType mediaType, MultivaluedMap<String, Object> httpHeaders, OutputStream out)
            throws IOException {
        var bytes = event.frame().bytes();
        out.write(bytes, 0, bytes.length - 1);
    }
}
