/**
 * dockerfile-ast checks for a UTF-8 byte order mark with `Buffer.from(char, 'UTF-8')`, on every
 * parse. A web worker has no Buffer: this gives it the one use it needs (UTF-8 bytes of a string),
 * before anything is parsed. Nothing else may rely on it.
 */
const scope = globalThis as { Buffer?: unknown };
if (scope.Buffer === undefined) {
  const encoder = new TextEncoder();
  scope.Buffer = { from: (text: string): Uint8Array => encoder.encode(String(text)) };
}
export {};
