#!/usr/bin/env node
// Makes a token for Herald (a JWT signed with HS256), for trying private topics and scoped publishing:
//
//   node tools/token.js --subscribe 'private.*' --publish 'orders.*' --minutes 60
//
// The secret is HERALD_JWT_SECRET's, or --secret's, or else the development secret `mvn jetty:run` sets. Needs only
// Node.js (18 or newer). An issuer of real tokens (your login service) makes the same claims: `exp`, and
// `herald: {subscribe: [...], publish: [...]}`, topic names or prefixes such as `orders.*`, or `*`.
'use strict';

const crypto = require('crypto');

const DEV_SECRET = 'dev-secret-for-trying-herald-locally-only';

function option(name) {
    const at = process.argv.indexOf('--' + name);
    return at < 0 ? undefined : process.argv[at + 1];
}

function list(text) {
    return text ? text.split(',').map((pattern) => pattern.trim()).filter((pattern) => pattern.length > 0) : [];
}

const base64url = (value) => Buffer.from(value).toString('base64url');

const secret = option('secret') || process.env.HERALD_JWT_SECRET || DEV_SECRET;
const minutes = Number(option('minutes') || 60);
const now = Math.floor(Date.now() / 1000);
const header = base64url(JSON.stringify({alg: 'HS256', typ: 'JWT'}));
const claims = base64url(JSON.stringify({
    sub: option('subject') || 'herald-try',
    iat: now,
    exp: now + Math.round(minutes * 60),
    herald: {subscribe: list(option('subscribe')), publish: list(option('publish'))}
}));
const signature = crypto.createHmac('sha256', secret).update(header + '.' + claims).digest('base64url');
console.log(header + '.' + claims + '.' + signature);
