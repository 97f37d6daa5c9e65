/**
 * The compiled built-in notes (dist/docs-index.json), bundled into the worker by esbuild
 * (scripts/build.mjs resolves this module name to that file).
 */
declare module 'docker-inline-help:builtin-notes' {
  const notes: unknown;
  export default notes;
}
