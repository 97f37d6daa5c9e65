/**
 * Where shell text lives inside other files: fenced code blocks in Markdown and recipe lines in
 * Makefiles. A region is a slice of the document text with its start offset.
 */

export interface Region {
  start: number;
  text: string;
}

const SHELL_INFO = new Set([
  'bash',
  'sh',
  'shell',
  'console',
  'zsh',
  'shell-session',
  'shellsession',
  'terminal',
  'dockerfile-run',
]);

/** Fenced blocks whose info string names a shell (```bash, ~~~sh, ```console …). */
export function markdownShellBlocks(text: string): Region[] {
  const out: Region[] = [];
  const re = /^( {0,3})(`{3,}|~{3,})[ \t]*([^\n`]*)$/gm;
  let open: { fence: string; info: string; contentStart: number } | null = null;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const fence = m[2];
    if (!open) {
      const info = m[3].trim().split(/[\s{]/)[0].toLowerCase();
      open = { fence, info, contentStart: m.index + m[0].length + 1 };
    } else if (
      fence[0] === open.fence[0] &&
      fence.length >= open.fence.length &&
      m[3].trim() === ''
    ) {
      if (SHELL_INFO.has(open.info)) {
        const end = Math.max(open.contentStart, m.index);
        out.push({
          start: open.contentStart,
          text: maskPrompts(text.slice(open.contentStart, end)),
        });
      }
      open = null;
    }
  }
  if (open && SHELL_INFO.has(open.info)) {
    out.push({ start: open.contentStart, text: maskPrompts(text.slice(open.contentStart)) });
  }
  return out;
}

/** `$ docker ps` in console blocks: blank the prompt (same length, so offsets stay right). */
function maskPrompts(block: string): string {
  return block.replace(
    /^(\s*)([$#>]|PS>)(?= )/gm,
    (_all, sp: string, p: string) => sp + ' '.repeat(p.length),
  );
}

/**
 * The Makefile line around an offset, as shell text: recipe prefixes (@, -, +) and make's `$$`
 * are blanked with same-length text so offsets stay right.
 */
export function makefileLineRegion(text: string, offset: number): Region {
  let start = text.lastIndexOf('\n', Math.max(0, offset - 1)) + 1;
  // include continued lines above
  for (let k = 0; k < 200 && start > 1; k++) {
    let p = start - 2;
    if (text[p] === '\r') p--;
    if (text[p] !== '\\') break;
    start = text.lastIndexOf('\n', start - 2) + 1;
  }
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  for (let k = 0; k < 200 && end < text.length; k++) {
    let p = end - 1;
    if (text[p] === '\r') p--;
    if (text[p] !== '\\') break;
    const next = text.indexOf('\n', end + 1);
    end = next < 0 ? text.length : next;
  }
  const slice = text
    .slice(start, end)
    .replace(/^(\t+)([@+-]+)/gm, (_a, tabs: string, pre: string) => tabs + ' '.repeat(pre.length))
    .replace(/\$\$/g, ' $');
  return { start, text: slice };
}
