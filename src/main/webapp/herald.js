// Herald's page: one EventSource on the stream, its state, the connect time, a clock fed by the ticks,
// and the last events received. The URL is relative, so the page works under any context path.
(function () {
    'use strict';

    var LOG_SIZE = 20;
    var stateEl = document.getElementById('state');
    var connectEl = document.getElementById('connecttime');
    var clockEl = document.getElementById('clock');
    var logEl = document.getElementById('log');

    function setState(state) {
        stateEl.textContent = state;
        stateEl.dataset.state = state;
        stateEl.className = 'state ' + state;
    }

    function log(type, data) {
        var item = document.createElement('li');
        var typeEl = document.createElement('span');
        typeEl.className = 'type';
        typeEl.textContent = type;
        var dataEl = document.createElement('span');
        dataEl.className = 'data';
        dataEl.textContent = data;
        item.appendChild(typeEl);
        item.appendChild(dataEl);
        logEl.insertBefore(item, logEl.firstChild);
        while (logEl.children.length > LOG_SIZE) {
            logEl.removeChild(logEl.lastChild);
        }
    }

    var source = new EventSource('stream');
    source.onopen = function () {
        setState('open');
    };
    source.onerror = function () {
        // EventSource retries by itself while readyState is CONNECTING; CLOSED means it gave up.
        setState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
    };
    source.addEventListener('connecttime', function (event) {
        connectEl.textContent = event.data;
        log('connecttime', event.data);
    });
    source.onmessage = function (event) {
        clockEl.textContent = event.data;
        log('message', event.data);
    };
})();
