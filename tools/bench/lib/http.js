// A keep-alive HTTP client with a bounded socket pool, for open-loop load where requests may pile up.
'use strict';

const http = require('node:http');

function client(baseUrl, maxSockets = 64) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const { hostname, port } = new URL(baseUrl);
  const request = (method, path, headers, body) =>
    new Promise((resolve) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = http.request(
        {
          agent,
          hostname,
          port,
          method,
          path,
          headers: {
            ...headers,
            ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        },
      );
      // A failed request is an answer too (status 0): the bench counts it, it does not crash on it.
      req.on('error', () => resolve(0));
      req.end(payload);
    });
  return { request, close: () => agent.destroy() };
}

/** One JSON API call with a bearer token (setup steps, not load): throws on anything but 2xx. */
async function api(url, token, method, path, body) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

module.exports = { api, client };
