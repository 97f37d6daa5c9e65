const { performance } = require('perf_hooks');
const fs=require('fs');
const yaml = require('/work/main/node_modules/yaml');
const { DockerfileParser } = require('/work/main/node_modules/dockerfile-ast');
const ctext = fs.readFileSync('/tmp/dih-gen/compose-large/docker-compose.yml','utf8');
const dtext = fs.readFileSync('/tmp/dih-gen/dockerfile-large/Dockerfile','utf8');
for (let k=0;k<5;k++){
 let t=performance.now(); const docs=yaml.parseAllDocuments(ctext); const a=performance.now()-t;
 t=performance.now(); const toks=[...new yaml.Parser().parse(ctext)]; const b=performance.now()-t;
 t=performance.now(); let n=0; for (const x of new yaml.Lexer().lex(ctext)) n++; const c=performance.now()-t;
 t=performance.now(); DockerfileParser.parse(dtext); const d=performance.now()-t;
 t=performance.now(); DockerfileParser.parse(dtext.split('\n').slice(0,500).join('\n')); const e=performance.now()-t;
 console.log('yaml compose',a.toFixed(1),'cst',b.toFixed(1),'lex',c.toFixed(1),'errors',docs[0].errors.length,'dockerfile',d.toFixed(1), '500 lines', e.toFixed(1));
}
