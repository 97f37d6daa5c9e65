import { parseDockerfile } from '/work/wt/lint-dockerfile/server/out/service/dockerfile/bkParse.js';
import { readFileSync } from 'node:fs';
const text = readFileSync(process.argv[2],'utf8');
const names = new Set(['syntax','escape','check']);
for (let k=0;k<5;k++){ const t=performance.now(); const p=parseDockerfile(text,names); console.log('parse',(performance.now()-t).toFixed(1),'ms nodes',p.nodes.length);}
