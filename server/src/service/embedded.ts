/**
 * Where shell text lives inside other files: fenced code blocks in Markdown and recipe lines in
 * Makefiles. A region is a slice of the document text with its start offset.
 */

export interface Region {
  start: number;
  text: string;
  /** The line-continuation character of the region's shell (a backtick in PowerShell). */
  escape?: string;
}

/** Info strings of blocks that are shell text through and through. */
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
/** Info strings of blocks that hold docker commands only on their prompt lines. */
const PROMPT_INFO = new Set(['text', 'txt', 'plaintext', 'plain', 'output']);
const POWERSHELL_INFO = new Set(['powershell', 'pwsh', 'ps', 'ps1', 'posh']);

/** A shell prompt before a docker command: `$ `, `# `, `> `, `PS> `, `PS C:\app> `. */
const PROMPT = /^([ \t]*)(\$|#|>|PS>|PS [^\n>]*>)(?=[ \t])/;
/** A line with a docker command, after an optional prompt. */
const DOCKER_LINE =
  /^[ \t]*(?:(?:\$|#|>|PS>|PS [^\n>]*>)[ \t]+)?(?:sudo[ \t]+)?(?:docker|docker-compose)(?:[ \t]|$)/;
const PROMPT_DOCKER_LINE =
  /^[ \t]*(?:\$|PS>|PS [^\n>]*>)[ \t]+(?:sudo[ \t]+)?(?:docker|docker-compose)(?:[ \t]|$)/;

/**
 * Fenced blocks that hold shell text: blocks whose info string names a shell (```bash, ~~~sh,
 * ```console …), blocks without an info string whose lines start with `docker` or `$ docker`, and
 * `text` and PowerShell blocks with prompt lines (`$ docker …`, `PS C:\> docker …`). Fences may be
 * indented (inside list items).
 */
export function markdownShellBlocks(text: string): Region[] {
  const out: Region[] = [];
  const re = /^([ \t]*)(`{3,}|~{3,})[ \t]*([^\n`]*)$/gm;
  let open: { fence: string; info: string; contentStart: number } | null = null;
  let m: RegExpExecArray | null;
  const close = (end: number): void => {
    if (!open) return;
    const region = shellRegion(open.info, text.slice(open.contentStart, end), open.contentStart);
    if (region) out.push(region);
    open = null;
  };
  while ((m = re.exec(text))) {
    const fence = m[2];
    if (!open) {
      const info = m[3]
        .trim()
        .split(/[\s{,]/)[0]
        .toLowerCase();
      open = { fence, info, contentStart: Math.min(text.length, m.index + m[0].length + 1) };
    } else if (
      fence[0] === open.fence[0] &&
      fence.length >= open.fence.length &&
      m[3].trim() === ''
    ) {
      close(Math.max(open.contentStart, m.index));
    }
  }
  close(text.length);
  return out;
}

/** Info strings of shell scripts (not sessions): `#` starts a comment there. */
const SCRIPT_INFO = new Set(['bash', 'sh', 'shell', 'zsh']);

function shellRegion(info: string, block: string, start: number): Region | undefined {
  if (SHELL_INFO.has(info)) {
    // a script block's `# docker swarm mode (1.12+)` is a comment; `#` is a root prompt only
    // in a session (console, terminal) or in a script block that writes `$ ` prompts too
    const comments = SCRIPT_INFO.has(info) && !/^[ \t]*\$[ \t]/m.test(block);
    return { start, text: maskPrompts(block, !comments) };
  }
  const powershell = POWERSHELL_INFO.has(info);
  if (!powershell && !PROMPT_INFO.has(info) && info !== '') return undefined;
  const lines = block.split('\n');
  const prompted = lines.some((l) => PROMPT_DOCKER_LINE.test(l));
  // a bare block of commands without prompts (```\ndocker build .\n```)
  if (info === '' && !prompted) {
    return lines.some((l) => DOCKER_LINE.test(l)) ? { start, text: maskPrompts(block) } : undefined;
  }
  if (!prompted) return undefined;
  // only the prompt lines (and the lines they continue on) are commands; output is blanked
  const escape = powershell ? '`' : '\\';
  let keep = false;
  const kept = lines.map((l) => {
    if (PROMPT.test(l)) keep = true;
    const line = keep ? l : l.replace(/[^\r]/g, ' ');
    keep = keep && l.replace(/[ \t\r]+$/, '').endsWith(escape);
    return line;
  });
  return { start, text: maskPrompts(kept.join('\n')), escape: powershell ? '`' : undefined };
}

/**
 * `$ docker ps` in console blocks: blank the prompt (same length, so offsets stay right); a `#`
 * only when it is a root prompt (`rootPrompt`), not a script's comment.
 */
function maskPrompts(block: string, rootPrompt = true): string {
  return block.replace(new RegExp(PROMPT.source, 'gm'), (all, sp: string, p: string) =>
    p === '#' && !rootPrompt ? all : sp + ' '.repeat(p.length),
  );
}

/**
 * The Makefile line around an offset, as shell text: the recipe prefixes (@, -, +) of the
 * command's first line and make's `$$` are blanked with same-length text so offsets stay right
 * (a continuation line passes its `-` on to the shell: `\t--output x`).
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
    .replace(/^(\t+)([@+-]+)/, (_a, tabs: string, pre: string) => tabs + ' '.repeat(pre.length))
    .replace(/\$\$/g, ' $');
  return { start, text: slice };
}
