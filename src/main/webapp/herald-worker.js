// Herald's shared worker: one EventSource per set of topics for all the tabs of this origin, relayed to each.
//
// Why: over HTTP/1.1 a browser opens at most six connections per host, shared by all its tabs, and every open
// EventSource holds one for good: the seventh tab of a page that opens its own would wait forever. Here twenty
// tabs hold one connection.
//
// Messages from a tab (its MessagePort):
//   {cmd: 'subscribe', tab, url, key, types}   follow the stream at url (relative to this script), named types
//                                         too; tabs with the same key (url and token) share a stream
//   {cmd: 'types', types}                 listen to more named types
//   {cmd: 'bye'}                          the tab goes away (pagehide)
// Messages to a tab:
//   {kind: 'snapshot', state, retryIn, detail, connecttime, clock, recent, tabs}   at once on subscribe: a late tab is
//                                                                up to date
//                                                                (recent: the last events but ticks)
//   {kind: 'state', state, retryIn}   'connecting' | 'open' | 'reconnecting' (retryIn: milliseconds to the next
//                                     try, when Herald's own backoff waits; see herald-source.js) | 'refused' (detail:
//                                     the server's message) | 'closed'
//   {kind: 'event', type, data, lastEventId}
//   {kind: 'tabs', tabs}     how many tabs share this stream now
// A tab that dies without its 'bye' (crash, killed) is found by the Web Locks it holds: each tab holds a lock
// named after it for as long as it lives, and the worker looks for the locks of its tabs every few seconds.
'use strict';

importScripts('herald-source.js');

var RECENT = 30;
var SWEEP_MILLIS = 3000;

var streams = {}; // key (url and token) -> stream
var tabs = new Map(); // port -> {tab, stream}

function post(port, message) {
    try {
        port.postMessage(message);
    } catch (e) {
        // a port whose tab is gone; the sweep removes it
    }
}

function broadcast(stream, message) {
    stream.ports.forEach(function (port) { post(port, message); });
}

function listen(stream, type) {
    stream.source.listen(type);
}

// A stream that comes back by itself (herald-source.js): the browser's EventSource resumes with Last-Event-ID after
// a network error, and Herald's backoff opens it again after an error answer, which the browser gives up on.
function setState(stream, state, retryIn, detail) {
    stream.state = state;
    stream.retryIn = retryIn;
    stream.detail = detail;
    broadcast(stream, {kind: 'state', state: state, retryIn: retryIn, detail: detail});
}

function open(url, key) {
    var stream = {url: url, key: key, ports: new Set(), state: 'connecting', connecttime: null, clock: null,
        recent: []};
    stream.relay = function (event) {
        var message = {kind: 'event', type: event.type, data: event.data, lastEventId: event.lastEventId};
        if (event.type === 'connecttime') {
            stream.connecttime = event.data;
        } else if (HeraldSource.isTick(event)) {
            stream.clock = event.data; // a tick: the snapshot's clock, not one of its recent events
        }
        if (event.type !== 'message' || stream.clock !== event.data) {
            stream.recent.push(message);
            if (stream.recent.length > RECENT) {
                stream.recent.shift();
            }
        }
        broadcast(stream, message);
    };
    streams[key] = stream;
    stream.source = HeraldSource.open(url, {
        state: function (state, retryIn, detail) { setState(stream, state, retryIn, detail); },
        event: stream.relay
    });
    return stream;
}

function countTabs(stream) {
    broadcast(stream, {kind: 'tabs', tabs: stream.ports.size});
}

function leave(port) {
    var entry = tabs.get(port);
    tabs.delete(port);
    if (!entry || !entry.stream) {
        return;
    }
    var stream = entry.stream;
    stream.ports.delete(port);
    if (stream.ports.size === 0) {
        // The last tab of this stream has gone: give the connection back to the browser and the server.
        delete streams[stream.key];
        stream.source.close();
    } else {
        countTabs(stream);
    }
}

function subscribe(port, message) {
    leave(port);
    var key = message.key || message.url;
    var stream = streams[key] || open(message.url, key);
    tabs.set(port, {tab: message.tab, stream: stream});
    stream.ports.add(port);
    (message.types || []).forEach(function (type) { listen(stream, type); });
    post(port, {kind: 'snapshot', state: stream.state, retryIn: stream.retryIn, detail: stream.detail,
        connecttime: stream.connecttime, clock: stream.clock,
        recent: stream.recent, tabs: stream.ports.size});
    countTabs(stream);
}

function sweep() {
    if (!self.navigator || !navigator.locks || tabs.size === 0) {
        return;
    }
    navigator.locks.query().then(function (state) {
        var alive = new Set((state.held || []).map(function (lock) { return lock.name; }));
        tabs.forEach(function (entry, port) {
            if (entry.tab && !alive.has('herald-tab-' + entry.tab)) {
                leave(port);
            }
        });
    });
}

self.onconnect = function (connection) {
    var port = connection.ports[0];
    tabs.set(port, {tab: null, stream: null});
    port.onmessage = function (event) {
        var message = event.data || {};
        if (message.cmd === 'subscribe') {
            subscribe(port, message);
        } else if (message.cmd === 'types') {
            var entry = tabs.get(port);
            if (entry && entry.stream) {
                (message.types || []).forEach(function (type) { listen(entry.stream, type); });
            }
        } else if (message.cmd === 'bye') {
            leave(port);
        }
    };
    port.start();
};

setInterval(sweep, SWEEP_MILLIS);
