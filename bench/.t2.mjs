import { LanguageService } from '/work/wt/lint-dockerfile/server/out/service/languageService.js';
import tdm from '/work/wt/lint-dockerfile/node_modules/vscode-languageserver-textdocument/lib/umd/main.js';
import { readFileSync } from 'node:fs';
const { TextDocument } = tdm;
const notes = JSON.parse(readFileSync('/work/wt/lint-dockerfile/dist/docs-index.json','utf8'));
const s = new LanguageService({ notes: [notes] });
const text = readFileSync(process.argv[2],'utf8');
for (let k=0;k<5;k++){
const doc = TextDocument.create('file:///w/Dockerfile','dockerfile',1,text);
const steps = s.validateSteps(doc, s.parse(doc));
const times=[]; const t0=performance.now(); let r;
for(;;){ const t=performance.now(); r=steps.next(); times.push(performance.now()-t); if(r.done)break;}
const sorted=[...times].sort((a,b)=>b-a);
console.log('total', (performance.now()-t0).toFixed(1),'ms steps',times.length,'top', sorted.slice(0,4).map(x=>x.toFixed(1)).join(','), 'at', sorted.slice(0,4).map(x=>times.indexOf(x)).join(','), 'p50', sorted[Math.floor(times.length/2)].toFixed(2));
}
