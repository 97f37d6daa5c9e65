#!/usr/bin/env node
require('./load-bundle').loadBundle(require('path').join(__dirname, '..', 'dist', 'cli.js'), {
  writeCache: process.env.DOCKER_INLINE_HELP_WRITE_CODE_CACHE === '1',
});
