const fs=require('fs'); const dir=process.argv[2];
for (const f of fs.readdirSync(dir)) {
const p=JSON.parse(fs.readFileSync(dir+'/'+f));
const idToNode=new Map(p.nodes.map(n=>[n.id,n]));
const counts=new Map(); for (const s of p.samples) counts.set(s,(counts.get(s)||0)+1);
const agg=new Map(); const interval=(p.endTime-p.startTime)/p.samples.length/1000;
for (const [id,c] of counts){const n=idToNode.get(id); const k=n.callFrame.functionName+" "+n.callFrame.url.split("/").slice(-2).join("/")+":"+n.callFrame.lineNumber; agg.set(k,(agg.get(k)||0)+c);}
console.log(f, 'total ms', ((p.endTime-p.startTime)/1000).toFixed(0));
console.log([...agg].sort((a,b)=>b[1]-a[1]).slice(0,+process.argv[3]||25).map(x=>(x[1]*interval).toFixed(1)+"ms "+x[0]).join("\n"))}
