const { performance } = require('perf_hooks');
let t=performance.now();
const { LanguageService } = require('/work/main/server/out/service/languageService');
const { TextDocument } = require('/work/main/node_modules/vscode-languageserver-textdocument');
console.log('require', (performance.now()-t).toFixed(1)); t=performance.now();
const idx = JSON.parse(require('fs').readFileSync('/work/main/dist/docs-index.json','utf8'));
console.log('index json', (performance.now()-t).toFixed(1)); t=performance.now();
const svc = new LanguageService({notes:[idx]});
console.log('service', (performance.now()-t).toFixed(1));
const fs=require('fs');
for (const [f,lang] of [['/tmp/dih-gen/dockerfile-large/Dockerfile','dockerfile'],['/tmp/dih-gen/compose-large/docker-compose.yml','dockercompose'],['/tmp/dih-gen/shell-large/deploy.sh','shellscript']]) {
  const text = fs.readFileSync(f,'utf8');
  for (let k=0;k<4;k++){
    const doc = TextDocument.create('file://'+f, lang, k, text+'\n'.repeat(k));
    t=performance.now(); const p = svc.parse(doc); const tp=performance.now()-t;
    t=performance.now(); const h = svc.doHover(doc, {line: 2500, character: 1}, p); const th=performance.now()-t;
    t=performance.now(); const h2 = svc.doHover(doc, {line: 2501, character: 1}, p); const th2=performance.now()-t;
    console.log(lang, 'parse', tp.toFixed(1), 'hover', th.toFixed(2), th2.toFixed(2), !!h);
  }
}
global.gc && global.gc();
console.log(process.memoryUsage());
