// Herald's page: the stream of the chosen topics (shared by all tabs through a SharedWorker, else this tab's own
// EventSource), its state, the connect time, a clock fed by the ticks, a publish form, and the last events
// received. URLs are relative, so the page works under any context path.
(function () {
    'use strict';

    var LOG_SIZE = 50;

    var el = function (id) { return document.getElementById(id); };

    function setState(state) {
        var stateEl = el('state');
        stateEl.textContent = state;
        stateEl.dataset.state = state;
        stateEl.className = 'state ' + state;
    }

    function words(text) {
        return text.split(/[\s,]+/).filter(function (word) { return word.length > 0; });
    }

    function cell(row, text, className) {
        var td = document.createElement('td');
        td.textContent = text;
        if (className) {
            td.className = className;
        }
        row.appendChild(td);
    }

    function log(type, id, data) {
        var row = document.createElement('tr');
        if (type === 'history-truncated') {
            row.className = 'notice';
        }
        cell(row, new Date().toISOString().substring(11, 23));
        cell(row, type, 'type');
        cell(row, id || '', 'id');
        cell(row, data, 'data');
        var body = el('log');
        body.insertBefore(row, body.firstChild);
        while (body.children.length > LOG_SIZE) {
            body.removeChild(body.lastChild);
        }
    }

    function onEvent(event) {
        if (!shown.has(event.type)) {
            return; // another tab on this stream asked for that type
        }
        if (event.type === 'connecttime') {
            el('connecttime').textContent = event.data;
        }
        // A tick (unnamed, a date) sets the clock, and stays out of the log, which it would flood.
        if (HeraldSource.isTick(event)) {
            el('clock').textContent = event.data;
            return;
        }
        log(event.type, event.lastEventId, event.data);
    }

    function streamUrl(topics) {
        // Sorted and once each: tabs that want the same topics share one stream whatever order they name them in.
        var unique = topics.filter(function (topic, i) { return topics.indexOf(topic) === i; }).sort();
        var query = unique.map(function (topic) { return 'topic=' + encodeURIComponent(topic); }).join('&');
        return 'stream' + (query ? '?' + query : '');
    }

    function showTabs(count) {
        el('mode').textContent = 'shared by ' + count + (count === 1 ? ' tab' : ' tabs');
        el('mode').dataset.mode = 'shared';
        el('mode').dataset.tabs = String(count);
    }

    // One stream shared by every tab of this origin through a SharedWorker (see herald-worker.js): the browser's
    // limit of six connections per host no longer caps the number of tabs.
    function sharedConnection(url, key, types) {
        var worker = new SharedWorker('herald-worker.js', {name: 'herald'});
        var port = worker.port;
        port.onmessage = function (event) {
            var message = event.data;
            if (message.kind === 'snapshot') {
                showState(message.state, message.retryIn, message.detail);
                el('connecttime').textContent = message.connecttime || '–';
                el('clock').textContent = message.clock || '–';
                message.recent.forEach(onEvent);
                showTabs(message.tabs);
            } else if (message.kind === 'state') {
                showState(message.state, message.retryIn, message.detail);
            } else if (message.kind === 'event') {
                onEvent(message);
            } else if (message.kind === 'tabs') {
                showTabs(message.tabs);
            }
        };
        port.start();
        tabAlive.then(function () {
            port.postMessage({cmd: 'subscribe', tab: tabId, url: url, key: key, types: types});
        });
        return {
            listen: function (type) { port.postMessage({cmd: 'types', types: [type]}); },
            close: function () { port.postMessage({cmd: 'bye'}); port.close(); }
        };
    }

    function showState(state, retryInMillis, detail) {
        setState(state);
        if (retryInMillis !== undefined) {
            el('state').textContent = state + ' in ' + Math.ceil(retryInMillis / 1000) + ' s';
        }
        el('stream-error').textContent = state === 'refused' ? 'Refused: ' + detail : '';
    }

    // An EventSource cannot send headers, but sends the origin's cookies: the token goes in the cookie Herald reads
    // (herald_token), for the paths of this page and its stream. A browser keeps one such cookie per origin, so the
    // tab that subscribes last sets the token every stream of this page presents from then on.
    function setStreamToken(token) {
        var path = location.pathname.substring(0, location.pathname.lastIndexOf('/') + 1);
        document.cookie = 'herald_token=' + encodeURIComponent(token) + '; path=' + path + '; SameSite=Strict'
            + (token ? '' : '; max-age=0');
    }

    // Where SharedWorker is missing (some mobile browsers): this tab's own stream, which comes back by itself.
    function ownConnection(url, types) {
        el('mode').textContent = 'own connection (no SharedWorker here)';
        el('mode').dataset.mode = 'own';
        var stream = HeraldSource.open(url, {state: showState, event: onEvent});
        types.forEach(stream.listen);
        return {
            listen: stream.listen,
            close: stream.close
        };
    }

    var tabId = Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
    // A lock held for as long as this tab lives: the worker finds a tab that died without saying bye by it.
    var tabAlive = !navigator.locks ? Promise.resolve() : new Promise(function (resolve) {
        navigator.locks.request('herald-tab-' + tabId, function () {
            resolve();
            return new Promise(function () { });
        });
    });
    var connection = null;
    var shown = new Set();

    function connect() {
        if (connection) {
            connection.close();
        }
        var url = streamUrl(words(el('topics').value));
        var types = words(el('types').value);
        var token = el('sub-token').value;
        sessionStorage.setItem('herald.subscribeToken', token);
        setStreamToken(token);
        shown = new Set(['message'].concat(HeraldSource.BUILT_IN_TYPES, types));
        el('stream-url').textContent = url;
        el('log').textContent = '';
        setState('connecting');
        // Tabs share a stream only when they present the same token too.
        connection = typeof SharedWorker === 'function' ? sharedConnection(url, url + ' ' + token, types)
            : ownConnection(url, types);
    }

    function publish(form) {
        var result = el('publish-result');
        var fields = new URLSearchParams();
        if (el('pub-topic').value) {
            fields.append('topic', el('pub-topic').value);
        }
        var type = el('pub-event').value;
        if (type) {
            fields.append('event', type);
            if (connection && !shown.has(type)) {
                // show the type just published: the stream only hands named events to listeners of that name
                el('types').value = words(el('types').value).concat([type]).join(', ');
                shown.add(type);
                connection.listen(type);
            }
        }
        fields.append('data', el('pub-data').value);
        sessionStorage.setItem('herald.token', el('token').value);
        fetch('stream', {
            method: 'POST',
            headers: {'Authorization': 'Bearer ' + el('token').value},
            body: fields
        }).then(function (response) {
            return response.json().then(function (body) {
                result.className = response.ok ? 'hint' : 'hint error';
                result.textContent = response.ok
                    ? 'Published as ' + body.id
                    : response.status + ' ' + body.error + ': ' + body.message;
            });
        }).catch(function (error) {
            result.className = 'hint error';
            result.textContent = 'Not published: ' + error;
        });
        form.preventDefault();
    }

    el('token').value = sessionStorage.getItem('herald.token') || '';
    el('sub-token').value = sessionStorage.getItem('herald.subscribeToken') || '';
    el('subscribe').addEventListener('submit', function (event) {
        event.preventDefault();
        connect();
    });
    el('publish').addEventListener('submit', publish);
    // Leaving (or entering the back/forward cache) gives the tab's share of the stream back; returning takes it again.
    window.addEventListener('pagehide', function () {
        if (connection) {
            connection.close();
            connection = null;
        }
    });
    window.addEventListener('pageshow', function (event) {
        if (event.persisted) {
            connect();
        }
    });
    connect();
})();
