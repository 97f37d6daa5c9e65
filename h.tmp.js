const { LanguageService } = require('/work/wt/explain-cli/server/out/service/languageService');
const { TextDocument } = require('/work/wt/explain-cli/node_modules/vscode-languageserver-textdocument');
const idx = require('/work/wt/explain-cli/dist/docs-index.json');
const svc = new LanguageService({ notes: [idx], noteAccess: { command: 'dockerInlineHelp.showNote' } });
function hov(lang, uri, text) {
  const off = text.indexOf('¦'); const t = text.replace('¦', '');
  const d = TextDocument.create(uri, lang, 1, t);
  const h = svc.doHover(d, d.positionAt(off));
  return h ? h.contents.value : null;
}
const cases = [
 ['dockerfile','file:///w/Dockerfile','FROM alpine\nENTRY¦POINT ["x"]\n'],
 ['dockerfile','file:///w/Dockerfile','FR¦OM alpine\n'],
 ['dockerfile','file:///w/Dockerfile','FROM alpine\nR¦UN make\n'],
 ['dockerfile','file:///w/Dockerfile','FROM alpine\nC¦MD ["x"]\n'],
 ['dockerfile','file:///w/Dockerfile','FROM alpine\nCO¦PY . .\n'],
 ['dockercompose','file:///w/compose.yaml','services:\n  web:\n    depends¦_on: [db]\n'],
 ['dockercompose','file:///w/compose.yaml','services:\n  web:\n    por¦ts: ["80:80"]\n'],
 ['dockercompose','file:///w/compose.yaml','services:\n  web:\n    volu¦mes: ["a:/b"]\n'],
 ['shellscript','file:///w/a.sh','docker r¦un nginx\n'],
 ['shellscript','file:///w/a.sh','dock¦er ps\n'],
 ['shellscript','file:///w/a.sh','docker comp¦ose up\n'],
];
for (const c of cases) { const v = hov(...c); console.log('#####', c[2].replace(/\n/g,'⏎'), v.split('\n').length); if (process.argv[2]) console.log(v); }
