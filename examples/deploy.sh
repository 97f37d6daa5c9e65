#!/usr/bin/env bash
# Build and start the voting app without compose, the way the classic tutorial does it.
set -euo pipefail

docker network create voting-net 2>/dev/null || true

docker run -d --name redis --network voting-net redis:7-alpine
docker run -d --name db --network voting-net \
  -e POSTGRES_USER=postgres -e POSTGRES_PASSWORD=postgres \
  -v db-data:/var/lib/postgresql/data postgres:16

docker build -t voting-app .
docker run -d --name vote --network voting-net -p 5000:80 voting-app
docker run -d --name worker --network voting-net worker-app
docker run -d --name result --network voting-net -p 5001:80 result-app

# a plain web server in front, for a quick smoke test
docker run -p 80:80 nginx &

docker ps --filter network=voting-net
docker logs --tail 20 worker
