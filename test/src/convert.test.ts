/**
 * `docker run` <-> compose: each flag family as the user reads the service (literal YAML), compose
 * services back to command lines (literal), round trips on command lines from real image READMEs,
 * and the produced YAML checked by our own compose diagnostics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/out/service/cli/cliAnalysis';
import { readCommands } from '../../server/out/service/convert/commandLine';
import { service } from './helpers';

const toCompose = (line: string): string | undefined => service().composeOfRun(line);

function toRun(yaml: string, name: string, uri = 'file:///w/shop/compose.yaml'): string {
  const doc = TextDocument.create(uri, 'dockercompose', 1, yaml);
  const out = service().dockerRunOf(doc, name);
  if (out === undefined) throw new Error(`no docker run for ${name}`);
  return out;
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

test('ports and expose: short syntax, quoted', () => {
  assert.equal(
    toCompose('docker run -p 8080:80 -p 127.0.0.1:5353:53/udp -p 9000 --expose 9001 nginx'),
    lines(
      'services:',
      '  nginx:',
      '    image: nginx',
      '    ports:',
      '      - "8080:80"',
      '      - "127.0.0.1:5353:53/udp"',
      '      - "9000"',
      '    expose:',
      '      - "9001"',
    ),
  );
});

test('-v: named volumes are declared with their own name, $PWD and $(pwd) read as the folder', () => {
  assert.equal(
    toCompose(
      'docker run -v data:/data -v "$PWD":/app:ro -v $(pwd)/conf:/etc/app -v /cache --volumes-from other:ro alpine',
    ),
    lines(
      'services:',
      '  alpine:',
      '    image: alpine',
      '    volumes:',
      '      - data:/data',
      '      - .:/app:ro',
      '      - ./conf:/etc/app',
      '      - /cache',
      '    volumes_from:',
      '      - container:other:ro',
      'volumes:',
      '  data:',
      '    name: data',
    ),
  );
});

test('--mount: the long volume syntax (bind, volume with subpath, tmpfs with an octal mode)', () => {
  assert.equal(
    toCompose(
      'docker run --mount type=bind,source="$(pwd)"/site,target=/usr/share/nginx/html,readonly --mount type=volume,src=pgdata,dst=/var/lib/postgresql/data,volume-subpath=pg --mount type=tmpfs,target=/tmp,tmpfs-size=64m,tmpfs-mode=1770 postgres:16',
    ),
    lines(
      'services:',
      '  postgres:',
      '    image: postgres:16',
      '    volumes:',
      '      - type: bind',
      '        source: ./site',
      '        target: /usr/share/nginx/html',
      '        read_only: true',
      '      - type: volume',
      '        source: pgdata',
      '        target: /var/lib/postgresql/data',
      '        volume:',
      '          subpath: pg',
      '      - type: tmpfs',
      '        target: /tmp',
      '        tmpfs:',
      '          size: 64m',
      '          mode: 0o1770',
      'volumes:',
      '  pgdata:',
      '    name: pgdata',
    ),
  );
});

test('-e, --env-file, -l, --label-file: mappings; a bare -e NAME passes the shell value', () => {
  assert.equal(
    toCompose(
      'docker run -e A=1 -e B --env "C=two words" --env-file ./app.env -l team=web --label tier --label-file ./labels alpine',
    ),
    lines(
      'services:',
      '  alpine:',
      '    image: alpine',
      '    environment:',
      '      A: "1"',
      '      B:',
      '      C: two words',
      '    env_file:',
      '      - ./app.env',
      '    labels:',
      '      team: web',
      '      tier: ""',
      '    label_file:',
      '      - ./labels',
    ),
  );
});

test('--name, --restart, -h, -w, -u, --entrypoint, --init and the command after the image', () => {
  assert.equal(
    toCompose(
      'docker run -d --rm --name web-1 --restart on-failure:3 -h web.local -w /srv -u 1000:1000 --entrypoint /docker-entrypoint.sh --init nginx:1.27 nginx -g "daemon off;"',
    ),
    lines(
      'services:',
      '  # docker run flags with no compose equivalent:',
      '  #   -d: Detaching is chosen when you start the project (docker compose up -d), for every service at once',
      '  #   --rm: Service containers stay until docker compose down removes them; for one-off commands use docker compose run --rm',
      '  web-1:',
      '    image: nginx:1.27',
      '    container_name: web-1',
      '    restart: on-failure:3',
      '    hostname: web.local',
      '    working_dir: /srv',
      '    user: 1000:1000',
      '    entrypoint: ["/docker-entrypoint.sh"]',
      '    init: true',
      '    command: ["nginx", "-g", "daemon off;"]',
    ),
  );
});

test('-it: stdin_open and tty', () => {
  assert.equal(
    toCompose('docker run -it ubuntu bash'),
    lines(
      'services:',
      '  ubuntu:',
      '    image: ubuntu',
      '    stdin_open: true',
      '    tty: true',
      '    command: ["bash"]',
    ),
  );
});

test('--network NAME with per-network settings, declared external; host and none are network_mode', () => {
  assert.equal(
    toCompose(
      'docker run --network-alias api --network app --ip 172.20.0.5 --ip6 fd00::5 --link-local-ip 169.254.1.1 myapi',
    ),
    lines(
      'services:',
      '  myapi:',
      '    image: myapi',
      '    networks:',
      '      app:',
      '        aliases:',
      '          - api',
      '        ipv4_address: 172.20.0.5',
      '        ipv6_address: fd00::5',
      '        link_local_ips:',
      '          - 169.254.1.1',
      'networks:',
      '  app:',
      '    external: true',
    ),
  );
  assert.equal(
    toCompose('docker run --network host nginx'),
    lines('services:', '  nginx:', '    image: nginx', '    network_mode: host'),
  );
  assert.equal(
    toCompose(
      'docker run --net=none --add-host db.internal:10.0.0.12 --dns 1.1.1.1 --dns-search corp --dns-option ndots:2 --link db:database alpine',
    ),
    lines(
      'services:',
      '  alpine:',
      '    image: alpine',
      '    network_mode: none',
      '    extra_hosts:',
      '      db.internal: 10.0.0.12',
      '    dns:',
      '      - 1.1.1.1',
      '    dns_search:',
      '      - corp',
      '    dns_opt:',
      '      - ndots:2',
      '    external_links:',
      '      - db:database',
    ),
  );
  // a per-network setting without a network cannot be written
  assert.equal(
    toCompose('docker run --ip 10.0.0.5 alpine'),
    lines(
      'services:',
      '  # docker run flags with no compose equivalent:',
      '  #   --ip 10.0.0.5: needs a user-defined network given with --network',
      '  alpine:',
      '    image: alpine',
    ),
  );
});

test('--health-*: the healthcheck mapping, the command in CMD-SHELL form', () => {
  assert.equal(
    toCompose(
      'docker run --health-cmd "curl -fs http://localhost/ || exit 1" --health-interval 10s --health-timeout 5s --health-retries 3 --health-start-period 30s --health-start-interval 2s nginx',
    ),
    lines(
      'services:',
      '  nginx:',
      '    image: nginx',
      '    healthcheck:',
      '      test: ["CMD-SHELL", "curl -fs http://localhost/ || exit 1"]',
      '      interval: 10s',
      '      timeout: 5s',
      '      retries: 3',
      '      start_period: 30s',
      '      start_interval: 2s',
    ),
  );
  assert.equal(
    toCompose('docker run --no-healthcheck nginx'),
    lines('services:', '  nginx:', '    image: nginx', '    healthcheck:', '      disable: true'),
  );
});

test('memory and CPU limits', () => {
  assert.equal(
    toCompose(
      'docker run -m 512m --memory-reservation 256m --memory-swap 1g --memory-swappiness 10 --cpus 1.5 -c 512 --cpuset-cpus 0-3 --pids-limit 100 --shm-size 1g --oom-score-adj 500 --oom-kill-disable redis',
    ),
    lines(
      'services:',
      '  redis:',
      '    image: redis',
      '    mem_limit: 512m',
      '    mem_reservation: 256m',
      '    memswap_limit: 1g',
      '    mem_swappiness: 10',
      '    cpus: 1.5',
      '    cpu_shares: 512',
      '    cpuset: 0-3',
      '    pids_limit: 100',
      '    shm_size: 1g',
      '    oom_score_adj: 500',
      '    oom_kill_disable: true',
    ),
  );
});

test('capabilities, devices and security', () => {
  assert.equal(
    toCompose(
      'docker run --cap-add NET_ADMIN --cap-drop ALL --device /dev/snd --device /dev/sda:/dev/xvdc:r --device-cgroup-rule "c 42:* rmw" --privileged --security-opt no-new-privileges --read-only --group-add audio alpine',
    ),
    lines(
      'services:',
      '  alpine:',
      '    image: alpine',
      '    cap_add:',
      '      - NET_ADMIN',
      '    cap_drop:',
      '      - ALL',
      '    devices:',
      '      - /dev/snd',
      '      - /dev/sda:/dev/xvdc:r',
      '    device_cgroup_rules:',
      '      - "c 42:* rmw"',
      '    privileged: true',
      '    security_opt:',
      '      - no-new-privileges',
      '    read_only: true',
      '    group_add:',
      '      - audio',
    ),
  );
});

test('--ulimit (soft:hard or one value), --sysctl, --tmpfs, stop signal and timeout', () => {
  assert.equal(
    toCompose(
      'docker run --ulimit nofile=1024:2048 --ulimit nproc=512 --sysctl net.ipv4.ip_forward=1 --tmpfs /run:rw,size=64m --stop-signal SIGINT --stop-timeout 30 alpine',
    ),
    lines(
      'services:',
      '  alpine:',
      '    image: alpine',
      '    ulimits:',
      '      nofile:',
      '        soft: 1024',
      '        hard: 2048',
      '      nproc: 512',
      '    sysctls:',
      '      net.ipv4.ip_forward: "1"',
      '    tmpfs:',
      '      - /run:rw,size=64m',
      '    stop_signal: SIGINT',
      '    stop_grace_period: 30s',
    ),
  );
});

test('logging, GPUs and block I/O', () => {
  assert.equal(
    toCompose(
      'docker run --log-driver json-file --log-opt max-size=10m --log-opt max-file=3 nginx',
    ),
    lines(
      'services:',
      '  nginx:',
      '    image: nginx',
      '    logging:',
      '      driver: json-file',
      '      options:',
      '        max-size: 10m',
      '        max-file: "3"',
    ),
  );
  assert.equal(
    toCompose('docker run --gpus all nvidia/cuda:12.4.1-base-ubuntu22.04 nvidia-smi'),
    lines(
      'services:',
      '  cuda:',
      '    image: nvidia/cuda:12.4.1-base-ubuntu22.04',
      '    gpus: all',
      '    command: ["nvidia-smi"]',
    ),
  );
  assert.equal(
    toCompose(
      `docker run --gpus '"device=0,2"' --blkio-weight 300 --blkio-weight-device /dev/sda:200 --device-read-bps /dev/sda:10mb --device-write-iops /dev/sda:50 myimage`,
    ),
    lines(
      'services:',
      '  myimage:',
      '    image: myimage',
      '    gpus:',
      '      - device_ids:',
      '          - "0"',
      '          - "2"',
      '    blkio_config:',
      '      weight: 300',
      '      weight_device:',
      '        - path: /dev/sda',
      '          weight: 200',
      '      device_read_bps:',
      '        - path: /dev/sda',
      '          rate: 10mb',
      '      device_write_iops:',
      '        - path: /dev/sda',
      '          rate: 50',
    ),
  );
});

test('flags with no compose key are listed with the reason their note gives; quoting decides $', () => {
  assert.equal(
    toCompose(
      `docker run -d --rm -P -a stdout --cidfile /tmp/id --frobnicate -u "$(id -u)" -e "HOME_DIR=$HOME" -e 'LIT=$HOME' -e "PID=$$" alpine`,
    ),
    lines(
      'services:',
      '  # docker run flags with no compose equivalent:',
      '  #   -d: Detaching is chosen when you start the project (docker compose up -d), for every service at once',
      '  #   --rm: Service containers stay until docker compose down removes them; for one-off commands use docker compose run --rm',
      '  #   -P: Compose has no key that publishes every exposed port; list each one under ports',
      '  #   -a stdout: Compose picks whose output it shows when you start the project: docker compose up --attach SERVICE or --no-attach',
      '  #   --cidfile /tmp/id: Compose finds its containers by their project and service labels; it writes no ID files',
      '  #   --frobnicate: not a flag of docker run that these notes know',
      '  #   -u $(id -u): runs a command in your shell, which compose cannot do; put the value in .env and refer to it as a variable',
      '  #   -e PID=$$: uses a shell expansion that compose interpolation does not have',
      '  alpine:',
      '    image: alpine',
      '    environment:',
      '      HOME_DIR: "$HOME"',
      '      LIT: "$$HOME"',
    ),
  );
  // the container's shell gets a literal $HOME: compose must not interpolate it
  assert.equal(
    toCompose(`docker run alpine sh -c 'echo $HOME; echo "\${USER:-x}"'`),
    lines(
      'services:',
      '  alpine:',
      '    image: alpine',
      '    command: ["sh", "-c", "echo $$HOME; echo \\"$${USER:-x}\\""]',
    ),
  );
});

test('not a conversion: other commands, no image, or a docker run in a pipeline picked alone', () => {
  assert.equal(toCompose('docker ps -a'), undefined);
  assert.equal(toCompose('docker run --rm'), undefined);
  assert.equal(toCompose('echo hi'), undefined);
  assert.equal(
    toCompose('cd app && docker container run -p 80:80 nginx | tee log'),
    lines('services:', '  nginx:', '    image: nginx', '    ports:', '      - "80:80"'),
  );
  assert.equal(
    toCompose('docker create --name cache redis:7'),
    lines('services:', '  cache:', '    image: redis:7', '    container_name: cache'),
  );
});

const SHOP = lines(
  'name: shop',
  'x-common: &common',
  '  restart: unless-stopped',
  '  logging:',
  '    driver: json-file',
  'services:',
  '  web:',
  '    <<: *common',
  '    build: ./web',
  '    depends_on: [db]',
  '    ports:',
  '      - target: 80',
  '        published: "8080"',
  '    environment:',
  '      - DB_URL=postgres://db/app',
  '      - PASS=${PASS:?set PASS}',
  '      - LIT=a$$b',
  '    networks: [front, back]',
  '    command: npm start -- --port 80',
  '    profiles: [web]',
  '    deploy:',
  '      replicas: 2',
  '      resources:',
  '        limits:',
  '          memory: 512m',
  '          cpus: "0.5"',
  '    healthcheck:',
  '      test: ["CMD", "curl", "-f", "http://localhost"]',
  '  db:',
  '    image: postgres:16',
  '    volumes:',
  '      - data:/var/lib/postgresql/data',
  '    network_mode: service:web',
  'volumes:',
  '  data:',
  'networks:',
  '  front:',
  '  back:',
  '    external: true',
);

test('Copy as docker run: keys to flags, what has none listed with where it belongs', () => {
  assert.equal(
    toRun(SHOP, 'web'),
    lines(
      '# compose keys with no docker run form:',
      '#   build (docker build)',
      '#   depends_on',
      '#   networks.front (docker network create)',
      '#   profiles',
      '#   deploy.replicas (docker service create --replicas)',
      'docker run \\',
      '  --restart unless-stopped \\',
      '  --log-driver json-file \\',
      '  -p 8080:80 \\',
      '  -e DB_URL=postgres://db/app \\',
      '  -e "PASS=${PASS:?set PASS}" \\',
      "  -e 'LIT=a$b' \\",
      '  --network shop_front \\',
      '  --network name=back \\',
      '  -m 512m \\',
      '  --cpus 0.5 \\',
      "  --health-cmd 'curl -f http://localhost' \\",
      '  shop-web npm start -- --port 80',
    ),
  );
  assert.equal(
    toRun(SHOP, 'db'),
    lines(
      '# compose keys with no docker run form:',
      "#   network_mode: names another service; docker run needs that service's container name",
      'docker run \\',
      '  -v shop_data:/var/lib/postgresql/data \\',
      '  postgres:16',
    ),
  );
});

test('Copy as docker run: long syntax, entrypoint with command, NONE healthcheck, ulimits, GPUs', () => {
  const yaml = lines(
    'services:',
    '  api:',
    '    image: example/api:2',
    '    entrypoint: ["/bin/sh", "-c"]',
    '    command: ["exec api --listen :8080"]',
    '    environment:',
    '      TOKEN:',
    "      GREETING: it's $$HOME",
    '    ports:',
    '      - "127.0.0.1:8080:8080"',
    '      - target: 9090',
    '        published: 9091',
    '        host_ip: "::1"',
    '        protocol: udp',
    '    volumes:',
    '      - type: bind',
    '        source: ./conf',
    '        target: /etc/api',
    '        read_only: true',
    '      - type: tmpfs',
    '        target: /tmp',
    '        tmpfs:',
    '          size: 64m',
    '          mode: 0o1770',
    '      - cache:/cache',
    '    healthcheck:',
    '      test: ["NONE"]',
    '    ulimits:',
    '      nofile: { soft: 1024, hard: 4096 }',
    '      nproc: 512',
    '    extra_hosts:',
    '      - "db=10.0.0.2"',
    '    stop_grace_period: 1m30s',
    '    gpus:',
    '      - driver: nvidia',
    '        count: 1',
    '        capabilities: [gpu]',
    '    tty: true',
    '    stdin_open: false',
    'volumes:',
    '  cache:',
    '    name: shared-cache',
  );
  assert.equal(
    toRun(yaml, 'api'),
    lines(
      'docker run \\',
      '  --entrypoint /bin/sh \\',
      '  -e TOKEN \\',
      "  -e 'GREETING=it'\\''s $HOME' \\",
      '  -p 127.0.0.1:8080:8080 \\',
      "  -p '[::1]:9091:9090/udp' \\",
      '  --mount type=bind,source=./conf,target=/etc/api,readonly \\',
      '  --mount type=tmpfs,target=/tmp,tmpfs-size=64m,tmpfs-mode=1770 \\',
      '  -v shared-cache:/cache \\',
      '  --no-healthcheck \\',
      '  --ulimit nofile=1024:4096 \\',
      '  --ulimit nproc=512 \\',
      '  --add-host db:10.0.0.2 \\',
      '  --stop-timeout 90 \\',
      '  --gpus driver=nvidia,count=1,capabilities=gpu \\',
      '  -t \\',
      "  example/api:2 -c 'exec api --listen :8080'",
    ),
  );
});

test('compose to run: a ~ in a host path becomes ${HOME}; each network to create is listed once', () => {
  const yaml = lines(
    'services:',
    '  web:',
    '    image: nginx',
    '    env_file: ~/app.env',
    '    volumes:',
    '      - ~/.ssh:/root/.ssh:ro',
    '      - type: bind',
    '        source: ~/conf',
    '        target: /etc/conf',
  );
  assert.equal(
    toRun(yaml, 'web'),
    lines(
      'docker run \\',
      '  --env-file "${HOME}/app.env" \\',
      '  -v "${HOME}/.ssh:/root/.ssh:ro" \\',
      '  --mount "type=bind,source=${HOME}/conf,target=/etc/conf" \\',
      '  nginx',
    ),
  );
  const nets = toRun(
    lines('services:', '  web:', '    image: nginx', '    networks: [backend, back]'),
    'web',
  );
  assert.match(nets, /networks\.backend\b/);
  assert.match(nets, /networks\.back\b/);
});

/**
 * Command lines as the image READMEs of docker-library/docs write them (the image placeholder
 * filled in): run -> compose -> run gives back the same flags, less the ones listed as having no
 * compose form.
 */
const REAL_WORLD = [
  'docker run -d --name some-postgres -v "$PWD/my-postgres.conf":/etc/postgresql/postgresql.conf -e POSTGRES_PASSWORD=mysecretpassword postgres -c \'config_file=/etc/postgresql/postgresql.conf\'',
  'docker run -d -p 5000:5000 --restart always --name registry registry:3',
  'docker run --name some-mysql -e  PERCONA_TELEMETRY_DISABLE=1 -d percona:tag',
  'docker run -it --rm --name my-maven-project -v "$(pwd)":/usr/src/mymaven -w /usr/src/mymaven maven:3.3-jdk-8 mvn clean install',
  'docker run -it --rm -v "$PWD":/usr/src/mymaven -v "$HOME/.m2":/root/.m2 -v "$PWD/target:/usr/src/mymaven/target" -w /usr/src/mymaven maven mvn clean package',
  'docker run --name rocketchat -p 80:3000 --env ROOT_URL=http://localhost --env MONGO_URL=mongodb://mymongourl/mydb --env MONGO_OPLOG_URL=mongodb://mymongourl:27017/local -d rocket.chat',
  'docker run --volumes-from old-odoo -p 8070:8069 --name new-odoo --link db:db -t odoo',
  'docker run -d --hostname my-rabbit --name some-rabbit -p 8080:15672 rabbitmq:3-management',
  'docker run --privileged --name some-docker -v /my/own/var-lib-docker:/var/lib/docker -d docker:dind',
  'docker run -p 9987:9987/udp -p 10011:10011 -p 30033:30033 -e TS3SERVER_LICENSE=accept teamspeak',
  'docker run -p 8080:80 --ulimit memlock=-1:-1 --tmpfs /var/lib/varnish/varnishd:exec varnish',
  'docker run -d --name some-mysql --network some-network -e MYSQL_USER=redmine -e MYSQL_PASSWORD=secret -e MYSQL_DATABASE=redmine -e MYSQL_RANDOM_ROOT_PASSWORD=1 mysql:5.7',
  'docker run --name geonetwork-host --network gn-network -e GN_CONFIG_PROPERTIES="-Des.host=my-es-host -Des.protocol=http -Des.port=9200 -Des.url=http://my-es-host:9200" -p 8080:8080 geonetwork:4',
  'docker run -v /myredis/conf:/usr/local/etc/redis --name myredis redis redis-server /usr/local/etc/redis/redis.conf',
  "docker run --link some_database:db -p 8080:8080 -e ADMINER_PLUGINS='tables-filter tinymce' adminer",
  'docker run -ti --rm -v "$PWD":/home/docker -w /home/docker -u docker r-base R CMD check .',
  'docker run --name some-mongo -v /my/custom:/etc/mongo -d mongo --config /etc/mongo/mongod.conf',
  'docker run -d --name my-running-haproxy -v /path/to/etc/haproxy:/usr/local/etc/haproxy:ro --sysctl net.ipv4.ip_unprivileged_port_start=0 haproxy:2.3',
  'docker run -d --read-only -v /tmp/jetty -v /run/jetty jetty',
  'docker run -d -p 80:80 --read-only -v $(pwd)/nginx-cache:/var/cache/nginx -v $(pwd)/nginx-pid:/var/run nginx',
  "docker run -d -v /path/to/keyfile:/spiped/key:ro --user spiped -p 9200:9200 --link elasticsearch:elasticsearch --init spiped -d -s '[0.0.0.0]:9200' -t 'elasticsearch:9200'",
  'docker run -d --name my-es-host --network gn-network -e "discovery.type=single-node" -e "xpack.security.enabled=false" elasticsearch:8.19.13',
  'docker run --rm --entrypoint=cat nginx /etc/nginx/nginx.conf > /host/path/nginx.conf',
  'docker run -it --network some-network --rm redis redis-cli -h some-redis',
  'docker run -d -v odoo-db:/var/lib/postgresql/data -e POSTGRES_USER=odoo -e POSTGRES_PASSWORD=odoo -e POSTGRES_DB=postgres --name db postgres:15',
  'docker run -d --cap-add=NET_ADMIN -p 80:80 -p 443:443 -p 443:443/udp \\\n    -v /site:/srv \\\n    -v caddy_data:/data \\\n    -v caddy_config:/config \\\n    caddy caddy file-server --domain example.com',
  'docker run --privileged --name some-docker -d \\\n\t--network some-network --network-alias docker \\\n\t-e DOCKER_TLS_CERTDIR=/certs \\\n\t-v some-docker-certs-ca:/certs/ca \\\n\t-v some-docker-certs-client:/certs/client \\\n\tdocker:dind --storage-driver overlay2',
  'docker run --privileged --name some-docker -d \\\n\t--ulimit nofile=-1 \\\n\t--ulimit nproc=-1 \\\n\t--ulimit core=-1 \\\n\t--pids-limit -1 \\\n\t--oom-score-adj -500 \\\n\tdocker:dind',
  'docker run --detach --hostname my-rabbit --name some-rabbit \\\n    --env RABBITMQ_DEFAULT_USER=user \\\n    --env RABBITMQ_DEFAULT_PASS=password \\\n    --publish 15672:15672 \\\n    --publish 5672:5672 \\\n     rabbitmq:management',
  'docker run --name silverpeas -p 8080:8000 -d \\\n    --add-host=database:192.168.1.14 \\\n    -v /etc/silverpeas/config.properties:/opt/silverpeas/configuration/config.properties \\\n    -v silverpeas-log:/opt/silverpeas/log \\\n    -v silverpeas-data:/opt/silverpeas/data \\\n    silverpeas',
  'docker run --rm --interactive --tty \\\n  --volume $PWD:/app \\\n  --volume ${COMPOSER_HOME:-$HOME/.composer}:/tmp \\\n  composer install',
  'docker run --rm --user "$(id -u)":"$(id -g)" -v "$PWD":/usr/src/myapp -w /usr/src/myapp rust:1.23.0 cargo build --release',
];

interface Flags {
  flags: string[];
  image: string | undefined;
  args: string[];
}

/** What a command line asks docker for: each flag by its long name with its value, image, args. */
function flagsOf(line: string): Flags {
  const cmd = readCommands(line).find((c) => c.words.some((w) => w.text === 'docker'));
  const a = cmd && analyze(service().docs, cmd.words);
  if (!a) throw new Error(`not a docker command: ${line}`);
  const flags: string[] = [];
  let image: string | undefined;
  const args: string[] = [];
  a.parts.forEach((p, i) => {
    if (p.role === 'flag')
      p.flags?.forEach((f, k) => {
        const last = k === (p.flags?.length ?? 0) - 1;
        const next = a.parts[i + 1];
        const v = last
          ? (p.inlineValue?.text ?? (next?.role === 'flag-value' ? next.word.text : undefined))
          : undefined;
        flags.push(`${f.flag?.name ?? f.text}${v === undefined ? '' : `=${v}`}`);
      });
    if (p.role === 'arg' && image === undefined) image = p.word.text;
    if (p.role === 'passthrough') args.push(p.word.text);
  });
  return { flags: flags.sort(), image, args };
}

/**
 * The flags of each REAL_WORLD line (same order) that have no compose form: the conversion lists
 * them in its comment and the way back does not have them.
 */
const DROPPED: string[][] = [
  ['--detach'],
  ['--detach'],
  ['--detach'],
  ['--rm'],
  ['--rm'],
  ['--detach'],
  [],
  ['--detach'],
  ['--detach'],
  [],
  [],
  ['--detach'],
  [],
  [],
  [],
  ['--rm'],
  ['--detach'],
  ['--detach'],
  ['--detach'],
  ['--detach'],
  ['--detach'],
  ['--detach'],
  ['--rm'],
  ['--rm'],
  ['--detach'],
  ['--detach'],
  ['--detach'],
  ['--detach'],
  ['--detach'],
  ['--detach'],
  ['--rm'],
  ['--rm', '--user'],
];

test('round trips on command lines from image READMEs give back the same flags', () => {
  assert.equal(DROPPED.length, REAL_WORLD.length);
  for (const [i, line] of REAL_WORLD.entries()) {
    const yaml = toCompose(line);
    assert.ok(yaml, line);
    const name = Object.keys((parseYaml(yaml) as { services: object }).services)[0];
    const back = toRun(yaml, name, 'file:///w/compose.yaml');
    // the comment lists the flags that have no compose form; they do not come back
    const listed = [...yaml.matchAll(/^ {2}# {3}(-[-\w]+)/gm)].map((m) => m[1]);
    const longOf = (f: string): string =>
      service()
        .docs.command('docker run')
        ?.flags?.find((x) => x.name === f || x.short === f || x.aliases?.includes(f))?.name ?? f;
    assert.deepEqual(listed.map(longOf), DROPPED[i], line);
    const dropped = new Set(DROPPED[i]);
    // $(pwd) and $PWD become the compose file's folder, written back as such
    const folder = (s: string): string => s.replace(/^(--volume=)(?:\$\(pwd\)|\$PWD)/, '$1.');
    const want = flagsOf(line);
    const got = flagsOf(back.replace(/^#.*\n/gm, ''));
    assert.deepEqual(
      got.flags,
      want.flags
        .filter((f) => !dropped.has(f.split('=')[0]))
        .map(folder)
        .sort(),
      `${line}\n${yaml}${back}`,
    );
    assert.equal(got.image, want.image, line);
    assert.deepEqual(got.args, want.args, line);
  }
});

test('the YAML of every conversion parses and our compose checks report nothing on it', () => {
  for (const line of REAL_WORLD) {
    const yaml = toCompose(line) ?? '';
    assert.doesNotThrow(() => parseYaml(yaml), line);
    const doc = TextDocument.create('file:///w/compose.yaml', 'dockercompose', 1, yaml);
    // a legacy flag (--link) becomes its legacy key, which keeps the hint that says so
    const legacy = /--link\b/.test(line)
      ? [
          "'external_links' is legacy: Kept for old files, as links is; attach both sides to a shared (external) network instead",
        ]
      : [];
    assert.deepEqual(
      service()
        .doValidate(doc)
        .map((d) => d.message),
      legacy,
      yaml,
    );
  }
});

test('every docker run flag either names its compose key or says why it has none', () => {
  for (const name of ['docker run', 'docker create']) {
    const missing = (service().docs.command(name)?.flags ?? [])
      .filter((f) => !f.compose && !f.no_compose)
      .map((f) => f.name);
    assert.deepEqual(missing, [], name);
  }
});
