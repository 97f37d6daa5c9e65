/**
 * Concept notes are reachable by their names and common phrasings through Explain
 * (`docker-inline-help explain …`), come first for those words, and state the facts they are for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinNotes, service } from './helpers';

/** The first note Explain shows for a keyword: its name and its own markdown section. */
function explainFirst(keyword: string): { kind: string; name: string; text: string } {
  const r = service().explain(keyword);
  if (!r) return { kind: 'null', name: '', text: '' };
  return {
    kind: r.kind,
    name: r.notes?.[0]?.name ?? '',
    text: r.markdown.split('\n\n---\n\n')[0],
  };
}

const CONCEPTS: { name: string; aliases: string[]; facts: RegExp[] }[] = [
  {
    name: 'namespaces',
    aliases: [
      'namespace',
      'Linux namespaces',
      'pid namespace',
      'network namespace',
      'mount namespace',
      'ipc namespace',
      'uts namespace',
      'user namespace',
      'userns-remap',
      'PID 1',
    ],
    facts: [
      /`pid`/,
      /`net`/,
      /`mnt`/,
      /`ipc`/,
      /`uts`/,
      /`user`/,
      /`PID 1` inside the\s+container, while the host lists the very same process under an ordinary, different PID/,
      /--pid host/,
      /--init/,
      /docker top sleeper/,
    ],
  },
  {
    name: 'cgroups',
    aliases: ['cgroup', 'control groups', 'control group', 'cgroup v2', 'resource limits'],
    facts: [
      /`--cpus \.5` is half of one CPU, whatever the host's CPU count/,
      /`-m, --memory 512m` \| hard memory limit \(`memory\.max`/,
      /`--pids-limit 200` \| maximum processes and threads \(`pids\.max`\)/,
      /OOM killer/,
      /\*\*cgroup v2\.\*\*/,
      /Docker Engine 29 deprecated cgroup v1/,
      /By\s+default none are set/,
    ],
  },
  {
    name: 'networking',
    aliases: [
      'docker networking',
      'container networking',
      'network drivers',
      'default networks',
      'host network',
      'none network',
    ],
    facts: [
      /\*\*`bridge`\*\*: where `docker run` puts a container when no `--network` is given/,
      /`docker0`, usually with the subnet `172\.17\.0\.0\/16`/,
      /\*\*`host`\*\*: no network isolation/,
      /\*\*`none`\*\*: only a loopback interface/,
      /`docker run --network none ubuntu`/,
      /\| `overlay` \|/,
      /\| `macvlan`, `ipvlan` \|/,
    ],
  },
  {
    name: 'bridge networks',
    aliases: [
      'bridge network',
      'bridge',
      'default bridge',
      'docker0',
      'user-defined bridge',
      'user-defined networks',
      'user defined network',
      'custom network',
    ],
    facts: [
      /The network named `bridge` is the Linux interface `docker0`/,
      /`172\.17\.0\.0\/16` with `172\.17\.0\.1` as gateway/,
      /embedded DNS server at `127\.0\.0\.11`/,
      /containers find each other only by IP address/,
      /docker network connect/,
    ],
  },
  {
    name: 'embedded DNS',
    aliases: ['embedded dns server', 'docker dns', 'dns', '127.0.0.11', 'service discovery'],
    facts: [
      /`nameserver 127\.0\.0\.11`/,
      /Compose service names/,
      /Containers on the \*\*default bridge\*\* do not use it/,
      /forwarded to the\s+host's DNS servers/,
    ],
  },
  {
    name: 'overlay networks',
    aliases: ['overlay network', 'overlay', 'vxlan', 'multi-host networking'],
    facts: [/VXLAN \(UDP port 4789\)/, /same \*\*swarm\*\*/, /--attachable/, /2377\/tcp/],
  },
  {
    name: 'macvlan and ipvlan',
    aliases: ['macvlan', 'ipvlan', 'macvlan network', 'ipvlan networks'],
    facts: [
      /\*\*macvlan\*\* gives every container its own MAC address/,
      /\*\*ipvlan\*\* gives containers their own IP addresses but the parent's MAC address/,
      /-o parent=eth0/,
      /`l2` \(default/,
    ],
  },
  {
    name: 'veth pairs',
    aliases: ['veth', 'veth pair', 'virtual ethernet', 'virtual ethernet pairs'],
    facts: [
      /moves one end into that namespace and names it\s+`eth0`/,
      /plugged into the\s+network's bridge \(`docker0`/,
      /network namespace/,
    ],
  },
  {
    name: 'Docker Engine',
    aliases: [
      'docker engine',
      'docker daemon',
      'dockerd',
      'daemon',
      'rest api',
      'docker api',
      'docker.sock',
      'DOCKER_HOST',
      'docker cli',
      'contexts',
    ],
    facts: [
      /\*\*`dockerd`, the daemon\*\*/,
      /\*\*the REST API\*\*/,
      /\*\*the CLI\*\* `docker`/,
      /`\/var\/run\/docker\.sock`/,
      /docker -H ssh:\/\/me@build-box ps/,
      /`DOCKER_HOST` environment variable/,
      /docker context use build-box/,
    ],
  },
  {
    name: 'container runtimes',
    aliases: ['container runtime', 'containerd', 'runc', 'oci runtime', 'lxc', 'libcontainer'],
    facts: [
      /dockerd → containerd → containerd-shim-runc-v2 → runc/,
      /reference implementation of the OCI runtime specification/,
      /\*\*LXC, the history\.\*\*/,
      /the LXC driver was deprecated in 1\.8 and\s+removed in 1\.10/,
    ],
  },
  {
    name: 'storage drivers',
    aliases: [
      'storage driver',
      'overlay2',
      '/var/lib/docker',
      'aufs',
      'devicemapper',
      'snapshotter',
    ],
    facts: [
      /Docker keeps its data under `\/var\/lib\/docker`/,
      /\| `overlay2` \| OverlayFS; the default/,
      /copies the \*\*whole file\*\* up/,
      /\*\*containerd image store\*\* on fresh installations/,
    ],
  },
  {
    name: 'swarm',
    aliases: [
      'swarm mode',
      'manager node',
      'worker nodes',
      'managers and workers',
      'swarm manager',
      'raft',
    ],
    facts: [
      /\*\*Managers\*\* keep the cluster state/,
      /\*\*Workers\*\* only run the containers/,
      /docker swarm init --advertise-addr 192\.168\.1\.10/,
      /docker swarm join --token SWMTKN-1-… 192\.168\.1\.10:2377/,
      /survive the loss of\s+`\(N-1\)\/2`/,
    ],
  },
  {
    name: 'swarm services',
    aliases: ['swarm service', 'global service', 'replicated service', 'swarm tasks'],
    facts: [
      /--replicas 3/,
      /--mode global/,
      /docker service rollback web/,
      /\*\*rolling update\*\*/,
    ],
  },
  {
    name: 'routing mesh',
    aliases: ['ingress routing mesh', 'ingress network', 'ingress'],
    facts: [
      /\*\*every node\*\* in the swarm accepts connections/,
      /`mode=host`/,
      /`ingress` overlay/,
    ],
  },
  {
    name: 'compose file versions',
    aliases: [
      'compose file version',
      'compose versions',
      'compose file format',
      'compose v1',
      'compose v2',
      'compose v3',
      'version 2',
    ],
    facts: [
      /\*\*1\*\* \(Compose 1\.0, 2014\) \| no `version:` and no `services:`/,
      /\*\*2\.x\*\* \(Compose 1\.6, 2016\)/,
      /\*\*3\.x\*\* \(Compose 1\.10, 2017\) \| `version: "3"` … `"3\.8"` \| same layout plus swarm support/,
      /`depends_on` for start order/,
      /Docker Compose ignores it and\s+warns that it is obsolete/,
      /\*Compose v1\* is the old Python\s+`docker-compose`/,
    ],
  },
  {
    name: 'Compose Specification',
    aliases: ['compose spec', 'compose-spec', 'compose specification'],
    facts: [
      /merges the old 2\.x and 3\.x file formats/,
      /`compose\.yaml` \(preferred\)/,
      /obsolete/,
    ],
  },
  {
    name: 'container links',
    aliases: ['links', 'link', 'legacy links', '--link', 'docker links'],
    facts: [
      /--link redis:redis voting-app/,
      /new\s+container's `\/etc\/hosts`/,
      /\*\*no longer set by default since Engine 29\*\*/,
      /put the containers on a user-defined network/,
    ],
  },
  {
    name: 'example voting app',
    aliases: ['voting app', 'voting-app', 'example-voting-app', 'front-end and back-end networks'],
    facts: [
      /\*\*vote\*\*/,
      /\*\*redis\*\*/,
      /\*\*worker\*\*/,
      /\*\*db\*\*/,
      /\*\*result\*\*/,
      /networks: \[front-end, back-end\]/,
      /`redis`,\s+`worker` and `db` only on `back-end`/,
    ],
  },
  {
    name: 'Kubernetes',
    aliases: ['kubernetes', 'k8s', 'container orchestration'],
    facts: [
      /\*\*Pod\*\* holds one or more containers/,
      /\*\*Deployment\*\* manages ReplicaSets/,
      /dockershim\) was removed in Kubernetes 1\.24/,
      /\*\*rolling updates and rollbacks\*\*/,
    ],
  },
  {
    name: 'Kubernetes architecture',
    aliases: [
      'kubernetes components',
      'k8s architecture',
      'control plane',
      'api server',
      'kube-apiserver',
      'etcd',
      'scheduler',
      'kube-scheduler',
      'controller manager',
      'kube-controller-manager',
      'kubelet',
      'kube-proxy',
      'master node',
    ],
    facts: [
      /\*\*API server\*\* \(`kube-apiserver`\)/,
      /\*\*etcd\*\*: a distributed, consistent key-value store/,
      /\*\*scheduler\*\* \(`kube-scheduler`\)/,
      /\*\*controller manager\*\* \(`kube-controller-manager`\)/,
      /\*\*kubelet\*\*: the agent on every node/,
      /\*\*container runtime\*\*/,
      /\*\*kube-proxy\*\*/,
    ],
  },
  {
    name: 'pod',
    aliases: ['pods', 'kubernetes pod', 'k8s pod'],
    facts: [
      /one IP address and port space, so they reach each other on `localhost`/,
      /`kubectl run NAME --image=IMAGE` creates a single pod/,
      /if its node dies, a bare pod is gone/,
    ],
  },
  {
    name: 'ReplicaSet',
    aliases: ['replicaset', 'replica set', 'replica sets', 'replicasets', 'replication controller'],
    facts: [/`replicas` \(how many\), `selector`/, /a Deployment creates one per version/],
  },
  {
    name: 'Deployment',
    aliases: [
      'deployment',
      'deployments',
      'kubernetes deployment',
      'rolling update',
      'rolling updates',
      'rollback',
      'rollout',
    ],
    facts: [
      /`Deployment → ReplicaSet → Pods`/,
      /\*\*Rolling update\.\*\* A template change creates a new ReplicaSet/,
      /\(default 25%\)/,
      /kubectl rollout undo deployment\/web/,
    ],
  },
  {
    name: 'Kubernetes Service',
    aliases: [
      'kubernetes service',
      'k8s service',
      'service types',
      'ClusterIP',
      'clusterip',
      'NodePort',
      'LoadBalancer',
      'ExternalName',
    ],
    facts: [
      /\| `ClusterIP` \(default\) \| inside the cluster only \|/,
      /\| `NodePort` \| outside, at `<any node IP>:<nodePort>` \|/,
      /\| `LoadBalancer` \| outside, at an external IP \|/,
      /default range 30000–32767/,
    ],
  },
  {
    name: 'kubectl basics',
    aliases: ['kubectl basics', 'kubectl commands', 'kubectl cheat sheet', 'kubeconfig'],
    facts: [
      /\*\*kubeconfig\*\* file/,
      /kubectl config use-context staging/,
      /kubectl get pods -o wide/,
      /kubectl apply -f k8s\//,
    ],
  },
];

test('every concept and its aliases come first in Explain', () => {
  const wrong: string[] = [];
  for (const c of CONCEPTS) {
    for (const word of [c.name, ...c.aliases]) {
      const got = explainFirst(word);
      if (got.kind !== 'note' || got.name !== c.name)
        wrong.push(`${word} -> ${got.kind} ${got.name}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('every concept states its key facts', () => {
  const missing: string[] = [];
  for (const c of CONCEPTS) {
    const text = explainFirst(c.name).text;
    for (const f of c.facts) if (!f.test(text)) missing.push(`${c.name}: ${f}`);
  }
  assert.deepEqual(missing, []);
});

test('a concept name that starts like a command line is explained as the concept', () => {
  assert.equal(explainFirst('docker engine').name, 'Docker Engine');
  assert.equal(explainFirst('kubectl basics').name, 'kubectl basics');
  // real command lines and bare command paths are unchanged
  assert.equal(service().explain('docker engine ls')?.kind, 'command');
  assert.equal(explainFirst('docker swarm').name, 'docker swarm');
  assert.equal(explainFirst('kubectl').name, 'kubectl');
  assert.equal(service().explain('docker run --network host nginx')?.kind, 'command');
});

test('every see: entry names an existing concept note', () => {
  const entries = builtinNotes().entries;
  const concepts = new Set(entries.filter((e) => e.kind === 'concept').map((e) => e.name));
  const bad: string[] = [];
  let links = 0;
  for (const e of entries)
    for (const s of e.see ?? []) {
      links++;
      if (!concepts.has(s)) bad.push(`${e.kind} ${e.name}: ${s}`);
    }
  assert.deepEqual(bad, []);
  assert.ok(links > 100, `only ${links} see: links`);
});

test('the notes that use a concept link to it', () => {
  const see = (kind: string, name: string): string[] =>
    builtinNotes().entries.find((e) => e.kind === kind && e.name === name)?.see ?? [];
  assert.deepEqual(see('cli-command', 'docker run'), [
    'namespaces',
    'cgroups',
    'networking',
    'container links',
  ]);
  assert.deepEqual(see('cli-command', 'docker network create'), [
    'bridge networks',
    'embedded DNS',
    'overlay networks',
    'macvlan and ipvlan',
  ]);
  assert.deepEqual(see('cli-command', 'docker swarm init'), [
    'swarm',
    'routing mesh',
    'overlay networks',
  ]);
  assert.deepEqual(see('cli-command', 'kubectl'), [
    'Kubernetes',
    'Kubernetes architecture',
    'kubectl basics',
  ]);
  assert.deepEqual(see('cli-command', 'kubectl expose'), ['Kubernetes Service']);
  assert.deepEqual(see('compose-key', 'version'), [
    'compose file versions',
    'Compose Specification',
  ]);
  assert.deepEqual(see('compose-key', 'services.*.networks'), ['networking', 'embedded DNS']);
  assert.deepEqual(see('compose-key', 'services.*.pid'), ['namespaces']);
  assert.deepEqual(see('compose-key', 'services.*.ipc'), ['namespaces']);
  assert.deepEqual(see('compose-key', 'services.*.cpus'), ['cgroups']);
  assert.deepEqual(see('compose-key', 'services.*.mem_limit'), ['cgroups']);
  assert.deepEqual(see('compose-key', 'services.*.deploy'), ['swarm services', 'swarm']);
  assert.deepEqual(see('compose-key', 'services.*.links'), ['container links']);
});
