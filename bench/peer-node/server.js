// The benchmark's peer: the tutorial's own stack (Node.js, no framework) with its bug fixed. One timer for all
// clients, every client tracked on its own, the same HTTP contract as Herald:
//   GET  /stream[?topic=a&topic=b]  event: connecttime + retry, a date at once, the date every second (topic default)
//   POST /stream                    Authorization: Bearer <token>; form or JSON {topic, event, data} -> 202 {"id"}
// A client whose unsent output passes MAX_BACKLOG_BYTES, or that has taken no byte for WRITE_TIMEOUT_MS while
// output waits for it, is cut off, as Herald does with a slow client.
'use strict';
const http = require('http');

const PORT = Number(process.env.PORT || 8090);
const HOST = process.env.HOST || '127.0.0.1';
const TOKEN = process.env.TOKEN || 'dev';
const MAX_BACKLOG_BYTES = Number(process.env.MAX_BACKLOG_BYTES || 1024 * 1024);
const WRITE_TIMEOUT_MS = Number(process.env.WRITE_TIMEOUT_MS || 10000);

const topics = new Map(); // topic -> Set of responses
let clients = 0;
let nextId = 0;

const iso = () => new Date().toISOString();

function frame(type, id, data) {
  let text = '';
  if (type) text += 'event: ' + type + '\n';
  if (id) text += 'id: ' + id + '\n';
  for (const line of String(data).split(/\r\n|\r|\n/)) text += 'data: ' + line + '\n';
  return text + '\n';
}

function send(res, text) {
  if (res.destroyed) return;
  if (res.blockedSince && Date.now() - res.blockedSince > WRITE_TIMEOUT_MS) return res.destroy();
  if (!res.write(text) && !res.blockedSince) {
    res.blockedSince = Date.now();
    res.once('drain', () => { res.blockedSince = 0; });
  }
  if (res.writableLength > MAX_BACKLOG_BYTES) res.destroy();
}

function broadcast(topic, text) {
  const set = topics.get(topic);
  if (set) for (const res of set) send(res, text);
}

function subscribe(req, res, url) {
  const wanted = url.searchParams.getAll('topic');
  const list = wanted.length ? wanted : ['default'];
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no',
  });
  const now = iso();
  res.write('event: connecttime\nretry: 10000\ndata: ' + now + '\n\n');
  if (list.includes('default')) res.write(frame(null, null, now));
  clients++;
  for (const topic of list) {
    if (!topics.has(topic)) topics.set(topic, new Set());
    topics.get(topic).add(res);
  }
  res.on('close', () => {
    clients--;
    for (const topic of list) topics.get(topic).delete(res);
  });
}

function publish(req, res) {
  if (req.headers.authorization !== 'Bearer ' + TOKEN) {
    res.writeHead(401, {'WWW-Authenticate': 'Bearer', 'Content-Type': 'application/json'});
    return res.end('{"error":"unauthorized"}');
  }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    let fields;
    try {
      fields = (req.headers['content-type'] || '').startsWith('application/json')
        ? JSON.parse(body)
        : Object.fromEntries(new URLSearchParams(body));
    } catch (e) {
      res.writeHead(400, {'Content-Type': 'application/json'});
      return res.end('{"error":"invalid_body"}');
    }
    const id = String(++nextId);
    broadcast(fields.topic || 'default', frame(fields.event, id, fields.data === undefined ? '' : fields.data));
    res.writeHead(202, {'Content-Type': 'application/json'});
    res.end(JSON.stringify({id}));
  });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/stream' && req.method === 'GET') return subscribe(req, res, url);
  if (url.pathname === '/stream' && req.method === 'POST') return publish(req, res);
  if (url.pathname === '/health') {
    res.writeHead(200, {'Content-Type': 'application/json'});
    return res.end(JSON.stringify({status: 'UP', clients}));
  }
  res.writeHead(404);
  res.end();
});
server.keepAliveTimeout = 0;
server.requestTimeout = 0;

// One timer for every client (the tutorial cleared a shared one when any client left).
setInterval(() => broadcast('default', frame(null, null, iso())), 1000);
setInterval(() => { for (const set of topics.values()) for (const res of set) send(res, ': heartbeat\n\n'); }, 15000);

server.listen(PORT, HOST, 4096, () => console.log('peer listening on ' + HOST + ':' + PORT));
