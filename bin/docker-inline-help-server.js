#!/usr/bin/env node
// A language server lives long and answers small requests: a small young generation keeps its
// memory (RSS) low at no measurable cost in latency (see bench/README.md). Set before anything
// is allocated; the VS Code client passes the same flags as execArgv, which works fully.
const v8 = require('v8');
v8.setFlagsFromString('--semi-space-growth-factor=1');
v8.setFlagsFromString('--optimize-for-size');
require('../dist/server.js');
