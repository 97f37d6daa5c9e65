/**
 * Every fact of the user's seed notes (../shared/seed-notes.md) is reachable in the product:
 * through a hover, a completion, a snippet, or the Explain command. Each row names the fact, how a
 * user reaches it, and text that must be there (corrected where the seed was wrong or dated).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hover, labels, ROOT, service } from './helpers';

const explain = (k: string): string => service().explain(k)?.markdown ?? '';
const sh = (t: string): string => hover('shellscript', t) ?? '';
const df = (t: string): string => hover('dockerfile', t) ?? '';
const cy = (t: string): string => hover('dockercompose', t) ?? '';

const FACTS: [string, () => string, RegExp][] = [
  // Introduction
  ['Docker historically used LXC', () => sh('dock¦er ps'), /LXC/],
  [
    'Linux containers on Windows/macOS run in a Linux VM',
    () => sh('dock¦er ps'),
    /virtual machine/i,
  ],
  ['a container lives as long as its main process', () => sh('docker r¦un nginx'), /main process/i],
  // Basic commands
  ['docker run pulls the image when it is missing', () => sh('docker r¦un nginx'), /pull/i],
  ['docker pull uses the latest tag when none is given', () => sh('docker pu¦ll nginx'), /latest/],
  ['docker ps lists running containers', () => sh('docker p¦s'), /running/i],
  ['docker ps -a lists stopped ones too', () => sh('docker ps -¦a'), /stopped/i],
  ['docker stop stops a container', () => sh('docker st¦op web'), /stop/i],
  ['docker rm removes a container', () => sh('docker r¦m web'), /remove/i],
  ['docker images lists images', () => sh('docker ima¦ges'), /image/i],
  [
    'docker rmi needs dependent containers removed first',
    () => sh('docker rm¦i nginx'),
    /container/i,
  ],
  [
    'docker exec runs a command in a running container',
    () => sh('docker ex¦ec web ls'),
    /running container/i,
  ],
  ['docker run -d runs detached', () => sh('docker run -¦d nginx'), /background/i],
  ['docker attach reattaches', () => sh('docker atta¦ch web'), /attach/i],
  [
    'docker run -it gives an interactive terminal',
    () => sh('docker run -i¦t ubuntu bash'),
    /--interactive[\s\S]*--tty/,
  ],
  [
    '-p maps host port to container port',
    () => sh('docker run -p 5000:80¦ nginx'),
    /Host port `5000` \(left side\)/,
  ],
  [
    '-v maps a host directory into the container',
    () => sh('docker run -v /opt/data:/data¦ nginx'),
    /Bind mount: host path `\/opt\/data`/,
  ],
  ['docker history shows the build history (layers)', () => sh('docker hist¦ory nginx'), /layer/i],
  ['docker build . builds from the Dockerfile', () => sh('docker bui¦ld .'), /Dockerfile/],
  [
    'docker push sends an image to a registry',
    () => sh('docker pu¦sh me/app'),
    /registry|Docker Hub/i,
  ],
  [
    'docker run -e sets environment variables',
    () => sh('docker run -¦e A=1 nginx'),
    /environment/i,
  ],
  [
    'docker inspect shows env vars and metadata',
    () => sh('docker insp¦ect web'),
    /NetworkSettings/,
  ],
  [
    'docker run --entrypoint overrides ENTRYPOINT',
    () => sh('docker run --entryp¦oint sleep ubuntu 10'),
    /ENTRYPOINT/,
  ],
  ['docker network ls lists networks', () => sh('docker network l¦s'), /network/i],
  [
    'docker network create --driver --subnet',
    () =>
      sh('docker network create --driver bridge --sub¦net 182.18.0.0/16 custom-isolated-network'),
    /CIDR/,
  ],
  ['docker system df -v shows detailed disk usage', () => sh('docker system df -¦v'), /verbose/i],
  // Images
  [
    'each instruction creates a layer with only the changes',
    () => df('FROM a\nR¦UN make'),
    /layer/i,
  ],
  [
    'layers are cached so a build restarts from the changed step',
    () => df('FROM a\nR¦UN make'),
    /cache/i,
  ],
  ['layered architecture and copy-on-write', () => explain('image layers'), /copy-on-write/i],
  [
    'CMD gives default parameters to an exec-form ENTRYPOINT',
    () => df('FROM a\nC¦MD ["--help"]'),
    /ENTRYPOINT/,
  ],
  // Compose and links
  [
    '--link is legacy and writes /etc/hosts',
    () => sh('docker run -d --name=vote -p 5000:80 --li¦nk redis:redis voting-app'),
    /Deprecated|legacy/i,
  ],
  [
    'links: /etc/hosts entry, deprecated, networks replace it',
    () => cy('services:\n  vote:\n    lin¦ks: [redis]\n'),
    /\/etc\/hosts/,
  ],
  [
    'build: replaces image: to build instead of pull',
    () => cy('services:\n  vote:\n    bui¦ld: ./vote\n'),
    /image/,
  ],
  [
    'compose v1 had no services key and used the default bridge + links',
    () => cy('vers¦ion: "3"\n'),
    /links/,
  ],
  [
    'compose v2: services, networks, depends_on, a dedicated network, DNS by service name',
    () => cy('vers¦ion: "3"\n'),
    /depends_on/,
  ],
  ['compose v3: swarm support', () => cy('vers¦ion: "3"\n'), /[Ss]warm/],
  [
    'networks at the top level and per service',
    () => cy('netw¦orks:\n  front-end:\n'),
    /front-end/,
  ],
  [
    'depends_on sets start order',
    () => cy('services:\n  vote:\n    depends¦_on: [db]\n'),
    /order/i,
  ],
  [
    'the voting-app v3 stack is a snippet',
    () => readFileSync(join(ROOT, 'snippets', 'compose.json'), 'utf8'),
    /voting-app/,
  ],
  [
    'the two-network v2 stack is a snippet',
    () => readFileSync(join(ROOT, 'snippets', 'compose.json'), 'utf8'),
    /back-end/,
  ],
  // Engine
  ['daemon, REST API and CLI', () => explain('Docker Engine'), /\*\*the REST API\*\*/],
  [
    '-H drives a remote engine',
    () => sh('docker -¦H=remote-docker-engine:2375 ps'),
    /remote|host/i,
  ],
  [
    'namespaces isolate containers (PID 1 inside, another PID on the host)',
    () => explain('namespaces'),
    /`PID 1` inside the\s+container, while the host lists the very same process under an ordinary, different PID/,
  ],
  [
    'docker run --pid host shares the PID namespace',
    () => sh('docker run --p¦id host nginx'),
    /PID/,
  ],
  [
    'cgroups: no limit by default; --cpus .5 is half a CPU',
    () => sh('docker run --cp¦us .5 ubuntu'),
    /half/i,
  ],
  ['--memory limits memory', () => sh('docker run --mem¦ory 512m ubuntu'), /memory/i],
  ['cgroups: --cpus .5 is half of one CPU', () => explain('cgroups'), /half of one CPU/],
  // Storage
  [
    'Docker keeps its data under /var/lib/docker',
    () => explain('storage drivers'),
    /\/var\/lib\/docker/,
  ],
  [
    'storage drivers: aufs, zfs, btrfs, device mapper, overlay, overlay2',
    () => explain('storage drivers'),
    /aufs[\s\S]*/i,
  ],
  [
    "overlay2 is today's default; aufs was the old Ubuntu default",
    () => explain('storage drivers'),
    /overlay2/,
  ],
  ['the container layer is deleted with the container', () => explain('image layers'), /writable/i],
  [
    'docker volume create puts data under /var/lib/docker/volumes',
    () => sh('docker volume cre¦ate data'),
    /\/var\/lib\/docker\/volumes/,
  ],
  [
    'volume mount vs bind mount; --mount preferred',
    () => explain('volumes and bind mounts'),
    /--mount/,
  ],
  [
    '--mount type=bind,source,target',
    () => sh('docker run --mount type=bind,source=/a,target=/b¦ app'),
    /`bind` mount of `\/a` at `\/b`/,
  ],
  // Networking
  ['bridge, none and host networks', () => sh('docker run --network ho¦st ubuntu'), /`host`/],
  ['bridge containers get 172.17.x addresses', () => explain('docker0'), /172\.17\.0\.0\/16/],
  ['embedded DNS at 127.0.0.11', () => explain('embedded DNS'), /nameserver 127\.0\.0\.11/],
  [
    'network namespaces and virtual ethernet pairs',
    () => explain('veth pairs'),
    /container's isolated network namespace/,
  ],
  // Swarm
  [
    'swarm init --advertise-addr on the manager',
    () => sh('docker swarm init --adverti¦se-addr 10.0.0.1'),
    /advertise/i,
  ],
  [
    'swarm join --token on the workers',
    () => sh('docker swarm join --tok¦en x 10.0.0.1:2377'),
    /token/i,
  ],
  [
    'swarm spreads services over hosts for availability',
    () => explain('swarm'),
    /\*\*Managers\*\*/,
  ],
  // Kubernetes
  [
    'kubectl is the Kubernetes CLI; scale, rolling upgrades, rollback',
    () => sh('kube¦ctl get nodes'),
    /roll/i,
  ],
  [
    'Kubernetes architecture: API server, etcd, kubelet, runtime, controllers, scheduler',
    () => explain('Kubernetes architecture'),
    /\*\*etcd\*\*/,
  ],
  [
    'kubectl run hello-minikube',
    () => sh('kubectl r¦un hello-minikube --image=x'),
    /hello-minikube|pod/i,
  ],
  ['kubectl cluster-info', () => sh('kubectl cluster-i¦nfo'), /cluster/i],
  ['kubectl get nodes', () => sh('kubectl g¦et nodes'), /nodes/],
];

test('every seed fact is reachable', () => {
  const missing: string[] = [];
  for (const [fact, reach, re] of FACTS) {
    if (!re.test(reach())) missing.push(`${fact} (${re})`);
  }
  assert.deepEqual(missing, []);
});

test('kubernetes architecture names every component', () => {
  const k = explain('Kubernetes architecture');
  for (const w of [
    /API server/i,
    /etcd/,
    /kubelet/,
    /container runtime/i,
    /controller/i,
    /scheduler/i,
  ])
    assert.match(k, w);
});

test("the seed's network values complete after docker run --network", () => {
  const v = labels('shellscript', 'docker run --network ¦');
  for (const x of ['bridge', 'host', 'none']) assert.ok(v.includes(x), x);
});
