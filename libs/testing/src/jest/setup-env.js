// Per test file: quiet logs and the test signing secret, unless the caller chose otherwise.
process.env.NODE_ENV = 'test';
process.env.LOG_LEVEL ??= 'warn';
process.env.JWT_SECRET ??= 'test-secret-0123456789abcdef';
require('reflect-metadata');
