const { LanguageService } = require('./server/out/service/languageService');
const { TextDocument } = require('./node_modules/vscode-languageserver-textdocument');
const svc = new LanguageService({ notes: [require('./dist/docs-index.json')], noteAccess: { command: 'dih.show' } });
const t = 'FROM a\nRUN --mount=type=cache,a`[x](command:dih.show?%5B%5D)`=1 make\n';
const d = TextDocument.create('file:///Dockerfile','dockerfile',1,t);
console.log(JSON.stringify(svc.doHover(d, {line:1,character:25})));
