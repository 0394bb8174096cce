// Herald's page: one EventSource on the stream of the chosen topics, its state, the connect time, a clock fed
// by the ticks, a publish form, and the last events received. URLs are relative, so the page works under any
// context path.
(function () {
    'use strict';

    var LOG_SIZE = 30;
    var BUILT_IN_TYPES = ['connecttime', 'history-truncated'];

    var el = function (id) { return document.getElementById(id); };
    var source = null;

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
        if (event.type === 'connecttime') {
            el('connecttime').textContent = event.data;
        } else if (event.type === 'message' && !event.lastEventId && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(event.data)) {
            el('clock').textContent = event.data;
        }
        log(event.type, event.lastEventId, event.data);
    }

    function streamUrl(topics) {
        var query = topics.map(function (topic) { return 'topic=' + encodeURIComponent(topic); }).join('&');
        return 'stream' + (query ? '?' + query : '');
    }

    function connect() {
        if (source) {
            source.close();
        }
        var url = streamUrl(words(el('topics').value));
        el('stream-url').textContent = url;
        setState('connecting');
        source = new EventSource(url);
        source.onopen = function () {
            setState('open');
        };
        source.onerror = function () {
            // EventSource retries by itself while readyState is CONNECTING; CLOSED means it gave up
            // (a 4xx or 5xx answer, e.g. an invalid topic or the server at its client limit).
            setState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
        };
        source.onmessage = onEvent;
        BUILT_IN_TYPES.concat(words(el('types').value)).forEach(function (type) {
            source.addEventListener(type, onEvent);
        });
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
            if (source && words(el('types').value).indexOf(type) < 0) {
                // show the type just published: the stream only hands named events to listeners of that name
                el('types').value = words(el('types').value).concat([type]).join(', ');
                source.addEventListener(type, onEvent);
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
    el('subscribe').addEventListener('submit', function (event) {
        event.preventDefault();
        connect();
    });
    el('publish').addEventListener('submit', publish);
    connect();
})();
