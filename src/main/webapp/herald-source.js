// Herald's stream as the page and its shared worker see it: the protocol they share (Herald's own event types, the
// shape of a tick, the connection states) and a stream that comes back by itself: the browser's EventSource, kept
// open for as long as it is wanted.
//
// Why: EventSource reconnects by itself after a network error (a server killed or restarted), but after an answer
// that is not 200 (503 at the client limit or while the server is stopping, 404 while the application is still
// deploying, 502 from a proxy) it gives up for good. Here a stream it gave up on is opened again, with an
// exponential backoff (1 s doubling to 60 s) and jitter (up to half as much again, so that thousands of clients
// turned away at once do not all come back at once), never before the server's Retry-After. Each try resumes from
// the last event id seen (`lastEventId` in the query: a new EventSource cannot send the Last-Event-ID header), so
// nothing is missed across it. Used by the page (herald.js) and by the shared worker (herald-worker.js).
//
//   HeraldSource.BUILT_IN_TYPES  the names of Herald's own events: the greeting, and the notice of a gap
//   HeraldSource.isTick(event)   whether an event is a tick: unnamed, its data a date, on the default topic
//   var stream = HeraldSource.open(url, {state: function (state, retryInMillis) {}, event: function (event) {}});
//   stream.listen(type)   also relay events of this name (unnamed ones and Herald's own always are)
//   stream.close()        stop, and stop trying
// States: 'connecting', 'open', 'reconnecting' (with the milliseconds until the next try when it is Herald's own
// backoff, undefined when it is the browser's retry), 'refused' (401 or 403: a private topic without a token that
// covers it, a token that expired or does not hold; with the server's message; not tried again, since only another
// token can change the answer), 'closed' (only after close()).
var HeraldSource = (function () {
    'use strict';

    var FIRST_BACKOFF_MILLIS = 1000;
    var MAX_BACKOFF_MILLIS = 60000;
    var BUILT_IN_TYPES = ['connecttime', 'history-truncated'];
    var TICK = /^\d{4}-\d\d-\d\dT[\d:.]+Z$/;

    function isTick(event) {
        return event.type === 'message' && TICK.test(event.data);
    }

    // Retry-After is seconds or an HTTP date; 0 when absent or unreadable.
    function retryAfterMillis(header) {
        if (!header) {
            return 0;
        }
        var seconds = Number(header);
        if (isFinite(seconds)) {
            return Math.max(0, seconds * 1000);
        }
        var when = Date.parse(header);
        return isNaN(when) ? 0 : Math.max(0, when - Date.now());
    }

    function withLastEventId(url, id) {
        if (!id) {
            return url;
        }
        var plain = url.replace(/([?&])lastEventId=[^&]*&?/, '$1').replace(/[?&]$/, '');
        return plain + (plain.indexOf('?') < 0 ? '?' : '&') + 'lastEventId=' + encodeURIComponent(id);
    }

    function open(url, listener) {
        var types = new Set(BUILT_IN_TYPES);
        var source = null;
        var lastEventId = null;
        var failures = 0;
        var timer = null;
        var closed = false;

        function relay(event) {
            if (event.lastEventId) {
                lastEventId = event.lastEventId;
            }
            listener.event(event);
        }

        function connect() {
            timer = null;
            source = new EventSource(withLastEventId(url, lastEventId));
            source.onopen = function () {
                failures = 0;
                listener.state('open');
            };
            source.onerror = function () {
                if (source.readyState === EventSource.CLOSED) {
                    retryLater();
                } else {
                    listener.state('reconnecting'); // the browser's own retry, after the server's retry: field
                }
            };
            source.onmessage = relay;
            types.forEach(function (type) { source.addEventListener(type, relay); });
        }

        // EventSource does not say why it gave up: one plain request tells the status and Retry-After, and is
        // dropped as soon as its headers are in.
        function retryLater() {
            source.close();
            failures++;
            var backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS * Math.pow(2, failures - 1));
            var abort = typeof AbortController === 'function' ? new AbortController() : null;
            fetch(withLastEventId(url, lastEventId), {cache: 'no-store', headers: {'Accept': 'text/event-stream'},
                signal: abort ? abort.signal : undefined})
                .then(function (response) {
                    if (response.status === 401 || response.status === 403) {
                        return response.json().then(function (error) {
                            return {refused: error.message || error.error};
                        }, function () {
                            return {refused: 'refused (' + response.status + ')'};
                        });
                    }
                    if (abort) {
                        abort.abort();
                    }
                    return {wait: response.ok ? 0 : retryAfterMillis(response.headers.get('Retry-After'))};
                }, function () { return {wait: 0}; })
                .then(function (outcome) {
                    if (closed) {
                        return;
                    }
                    if (outcome.refused) {
                        listener.state('refused', undefined, outcome.refused);
                        return;
                    }
                    var least = Math.max(outcome.wait, backoff);
                    var wait = Math.round(least + Math.random() * least / 2);
                    listener.state('reconnecting', wait);
                    timer = setTimeout(connect, wait);
                });
        }

        listener.state('connecting');
        connect();
        return {
            listen: function (type) {
                if (!types.has(type)) {
                    types.add(type);
                    source.addEventListener(type, relay);
                }
            },
            close: function () {
                closed = true;
                if (timer) {
                    clearTimeout(timer);
                }
                source.close();
                listener.state('closed');
            }
        };
    }

    return {open: open, isTick: isTick, BUILT_IN_TYPES: BUILT_IN_TYPES.slice()};
})();
