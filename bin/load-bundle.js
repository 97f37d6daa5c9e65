'use strict';
// Loads one of the esbuild bundles in dist/ the way `require` would, with the V8 code cache that
// the build writes next to it (`<bundle>.cache`, see scripts/code-cache.mjs): V8 then skips most of
// the parsing and compiling of the ~1 MB bundle at every start. A cache made by another Node or V8
// version, or with other V8 flags, is rejected by V8 and the bundle is compiled as usual.
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const Module = require('module');

/**
 * Run `file` as a CommonJS module. `writeCache`: after the module has run (at the process's exit,
 * so that the functions it compiled are in), write a fresh cache to `<file>.cache`.
 */
function loadBundle(file, { writeCache = false } = {}) {
  const source = fs.readFileSync(file, 'utf8');
  let cachedData;
  if (!writeCache) {
    try {
      cachedData = fs.readFileSync(`${file}.cache`);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (writeCache)
    process.on('exit', () => fs.writeFileSync(`${file}.cache`, script.createCachedData()));
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  const fn = script.runInThisContext({ displayErrors: true });
  fn.call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  mod.loaded = true;
  return mod.exports;
}

module.exports = { loadBundle };
