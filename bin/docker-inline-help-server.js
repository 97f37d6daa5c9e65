#!/usr/bin/env node
// A language server lives long and answers many small requests; two V8 settings suit it (measured
// in bench/README.md, "V8 settings"):
// - a young generation that never grows past its first size keeps memory (RSS) low at no cost in
//   latency. (--max-semi-space-size cannot be set once V8 is up; freezing the growth can);
// - no optimizing compiler (TurboFan): its compile jobs were the hover latency tail on a 2-core
//   machine; the interpreter and the baseline compiler answer steadily.
// The VS Code client passes the same settings as execArgv.
const v8 = require('v8');
v8.setFlagsFromString('--semi-space-growth-factor=1');
v8.setFlagsFromString('--optimize-for-size');
v8.setFlagsFromString('--no-opt');
require('./load-bundle').loadBundle(require('path').join(__dirname, '..', 'dist', 'server.js'), {
  writeCache: process.env.DOCKER_INLINE_HELP_WRITE_CODE_CACHE === '1',
});
