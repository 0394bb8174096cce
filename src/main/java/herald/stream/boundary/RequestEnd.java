package herald.stream.boundary;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

/** Tells when the container has ended an asynchronous request, however it ended, before it recycles it. */
final class RequestEnd implements AsyncListener {

    private final Runnable onEnd;

    RequestEnd(Runnable onEnd) {
        this.onEnd = onEnd;
    }

    @Override
    public void onComplete(AsyncEvent event) {
        onEnd.run();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        onEnd.run();
    }

    @Override
    public void onError(AsyncEvent event) {
        onEnd.run();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
