// The HTTP ceiling: a NestJS app (Express adapter, like the services) whose one route returns a
// constant. No guard, pipe, interceptor, logging or database: what Nest itself costs per request.
// Run as a child process: `node bare-nest.js <port>`; prints "listening" when ready.
'use strict';

require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');

class ConstantController {
  get() {
    return { ok: true };
  }
}
Get('constant')(ConstantController.prototype, 'get', Object.getOwnPropertyDescriptor(ConstantController.prototype, 'get'));
Controller()(ConstantController);

class BareModule {}
Module({ controllers: [ConstantController] })(BareModule);

NestFactory.create(BareModule, { logger: false })
  .then(async (app) => {
    await app.listen(Number(process.argv[2]), '127.0.0.1');
    process.stdout.write('listening\n');
  })
  .catch((error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  });
