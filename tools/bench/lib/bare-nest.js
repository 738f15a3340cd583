// The HTTP ceiling: a NestJS app whose one route returns a constant. No guard, pipe, interceptor,
// logging or database: what Nest itself costs per request. On Express by default (the reference the
// targets are ratios to, kept as it was measured before the services moved to Fastify); with
// `fastify` as the third argument on the Fastify adapter the services now run on; with `node`, no Nest at
// all: a node:http server answering the same constant, the floor of what Node costs per request here.
// Run as a child process: `node bare-nest.js <port> [workers] [express|fastify|node]`; prints "listening" when every
// worker is. With workers > 1 it runs as cluster workers sharing the port, like a service with
// HTTP_WORKERS, so a service and its ceiling always get the same processes.
'use strict';

require('reflect-metadata');
const cluster = require('node:cluster');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');

const port = Number(process.argv[2]);
const workers = Number(process.argv[3] ?? 1);
const adapter = process.argv[4] ?? 'express';

class ConstantController {
  get() {
    return { ok: true };
  }
}
Get('constant')(
  ConstantController.prototype,
  'get',
  Object.getOwnPropertyDescriptor(ConstantController.prototype, 'get'),
);
Controller()(ConstantController);

class BareModule {}
Module({ controllers: [ConstantController] })(BareModule);

if (workers > 1 && cluster.isPrimary) {
  let listening = 0;
  for (let i = 0; i < workers; i++) {
    cluster
      .fork()
      .on('message', (m) => m === 'listening' && ++listening === workers && process.stdout.write('listening\n'));
  }
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers)) w.process.kill('SIGTERM');
    process.exit(0);
  });
} else if (adapter === 'node') {
  const body = JSON.stringify({ ok: true });
  require('node:http')
    .createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
      response.end(body);
    })
    .listen(port, '127.0.0.1', () =>
      cluster.isWorker ? process.send('listening') : process.stdout.write('listening\n'),
    );
} else {
  const created =
    adapter === 'fastify'
      ? NestFactory.create(BareModule, new (require('@nestjs/platform-fastify').FastifyAdapter)(), { logger: false })
      : NestFactory.create(BareModule, { logger: false }).then((app) => {
          // The Express settings the services ran with before they moved to Fastify.
          app.disable('x-powered-by');
          app.set('etag', false);
          return app;
        });
  created
    .then(async (app) => {
      await app.listen(port, '127.0.0.1');
      if (cluster.isWorker) process.send('listening');
      else process.stdout.write('listening\n');
    })
    .catch((error) => {
      process.stderr.write(`${error.stack}\n`);
      process.exit(1);
    });
}
