import { LanguageService } from '/work/wt/lint-dockerfile/server/out/service/languageService.js';
import { TextDocument } from '/work/wt/lint-dockerfile/node_modules/vscode-languageserver-textdocument/lib/umd/main.js';
import { readFileSync } from 'node:fs';
const notes = JSON.parse(readFileSync('/work/wt/lint-dockerfile/dist/docs-index.json','utf8'));
const s = new LanguageService({ notes: [notes] });
const text = readFileSync(process.argv[2],'utf8');
const doc = TextDocument.create('file:///w/Dockerfile','dockerfile',1,text);
for (const d of s.doValidate(doc, undefined, { dockerignore: process.argv[3] })) console.log(`${d.range.start.line+1}:${d.range.start.character+1} ${d.code} [${d.severity}] ${d.message}`);
