#!/usr/bin/env bash
# Makes sure a Redis answers at REDIS_URL (default redis://127.0.0.1:6379); starts a local
# redis-server (no persistence) when nothing answers on the default address.
set -euo pipefail

url=${REDIS_URL:-redis://127.0.0.1:6379}
hostport=${url#redis://}
hostport=${hostport##*@}
hostport=${hostport%%/*}
host=${hostport%%:*}
port=${hostport##*:}
[ "$port" = "$host" ] && port=6379

ping() {
  # A raw RESP PING over bash's /dev/tcp: no redis-cli needed to tell whether Redis is up.
  exec 3<>"/dev/tcp/$host/$port" 2>/dev/null || return 1
  printf 'PING\r\n' >&3
  local reply=""
  read -r -t 2 reply <&3 || true
  exec 3>&-
  [[ "$reply" == +PONG* || "$reply" == -NOAUTH* ]]
}

if ping; then
  echo "redis: answering at $host:$port"
  exit 0
fi
if [ "$host" != "127.0.0.1" ] && [ "$host" != "localhost" ]; then
  echo "redis: nothing answers at $host:$port (REDIS_URL=$url); start it or fix REDIS_URL" >&2
  exit 1
fi
if ! command -v redis-server >/dev/null; then
  echo "redis: nothing answers at $host:$port and redis-server is not installed (apt-get install redis-server)" >&2
  exit 1
fi
dir=${WHEELHOUSE_STATE:-$HOME/.cache/wheelhouse/state}/redis
mkdir -p "$dir"
redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
  --dir "$dir" --logfile "$dir/redis.log"
for _ in $(seq 1 40); do
  if ping; then
    echo "redis: started at $host:$port"
    exit 0
  fi
  sleep 0.25
done
echo "redis: started redis-server but it does not answer; see $dir/redis.log" >&2
exit 1
