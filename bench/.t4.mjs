import { parseDockerfile } from '/work/wt/lint-dockerfile/server/out/service/dockerfile/bkParse.js';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { DockerfileParser } = require('/work/wt/lint-dockerfile/node_modules/dockerfile-ast');
import { readFileSync } from 'node:fs';
const text = readFileSync(process.argv[2],'utf8');
const names = new Set(['syntax','escape','check']);
for (let k=0;k<6;k++){ let t=performance.now(); parseDockerfile(text,names); const a=performance.now()-t; t=performance.now(); DockerfileParser.parse(text); const b=performance.now()-t; console.log('bk',a.toFixed(1),'ast',b.toFixed(1));}
