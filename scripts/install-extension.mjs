#!/usr/bin/env node
// npm run install-extension: install the packaged .vsix into your VS Code with
// `code --install-extension` (run npm run package first). VSCODE_CLI picks another CLI
// (code-insiders, codium, code-server…).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, `${pkg.name}-${pkg.version}.vsix`);
const shown = relative(process.cwd(), vsix) || vsix;
if (!existsSync(vsix)) {
  console.error(`install-extension: ${shown} does not exist yet: run npm run package first`);
  process.exit(1);
}
const cli = process.env.VSCODE_CLI || 'code';
const shell = process.platform === 'win32'; // code is code.cmd there
const probe = spawnSync(cli, ['--version'], { encoding: 'utf8', shell });
if (probe.error || probe.status !== 0) {
  console.error(`install-extension: \`${cli}\` is not on PATH, so install ${shown} by hand:
  - VS Code: Extensions view (Ctrl+Shift+X) > "..." menu > "Install from VSIX..." and pick
      ${vsix}
    or add the \`code\` command to PATH (Command Palette: "Shell Command: Install 'code' command in PATH")
    and run:  code --install-extension ${vsix}
  - VSCodium / code-server / Insiders:  VSCODE_CLI=codium npm run install-extension
    (or: code-server --install-extension ${vsix})
  - or try it without installing anything:  npm start`);
  process.exit(1);
}
console.log(`installing ${shown} with ${cli} ${probe.stdout.split('\n')[0]}`);
const r = spawnSync(cli, ['--install-extension', vsix, '--force'], { stdio: 'inherit', shell });
process.exit(r.status ?? 1);
