#!/usr/bin/env bash
# Entrypoint of the cassandra:5.0 stand-in (scripts/standins/cassandra-5.0): what the official image's
# entrypoint does, written for this stand-in. Run as root, it hands the data and log folders to the
# cassandra user and runs as that user; for `cassandra`, it writes the CASSANDRA_* variables into
# cassandra.yaml: CASSANDRA_LISTEN_ADDRESS (default: the container's address), _BROADCAST_ADDRESS,
# _RPC_ADDRESS (default 0.0.0.0), _BROADCAST_RPC_ADDRESS, _SEEDS (default: the broadcast address),
# _CLUSTER_NAME, _ENDPOINT_SNITCH, _NUM_TOKENS, and CASSANDRA_DC / CASSANDRA_RACK into
# cassandra-rackdc.properties.
set -e

if [ "$#" -eq 0 ] || [ "${1#-}" != "$1" ]; then
  set -- cassandra -f "$@"
fi

if [ "$1" = 'cassandra' ] && [ "$(id -u)" = '0' ]; then
  find /var/lib/cassandra /var/log/cassandra "$CASSANDRA_CONF" \! -user cassandra -exec chown cassandra '{}' +
  exec setpriv --reuid=cassandra --regid=cassandra --init-groups "$BASH_SOURCE" "$@"
fi

ip_address() {  # the container's first address that is not loopback
  hostname -i | tr ' ' '\n' | grep -v '^127\.' | head -n 1
}

# A sed -i that rewrites the file in place (works on a bind-mounted file too).
sed_in_place() {
  local file="$1" tmp
  shift
  tmp="$(mktemp)"
  sed "$@" "$file" > "$tmp"
  cat "$tmp" > "$file"
  rm "$tmp"
}

if [ "$1" = 'cassandra' ]; then
  : "${CASSANDRA_RPC_ADDRESS=0.0.0.0}"
  : "${CASSANDRA_LISTEN_ADDRESS=auto}"
  [ "$CASSANDRA_LISTEN_ADDRESS" = 'auto' ] && CASSANDRA_LISTEN_ADDRESS="$(ip_address)"
  : "${CASSANDRA_BROADCAST_ADDRESS=$CASSANDRA_LISTEN_ADDRESS}"
  [ "$CASSANDRA_BROADCAST_ADDRESS" = 'auto' ] && CASSANDRA_BROADCAST_ADDRESS="$(ip_address)"
  : "${CASSANDRA_BROADCAST_RPC_ADDRESS:=$CASSANDRA_BROADCAST_ADDRESS}"
  if [ -n "${CASSANDRA_NAME:+1}" ]; then
    : "${CASSANDRA_SEEDS:=cassandra}"
  fi
  : "${CASSANDRA_SEEDS:=$CASSANDRA_BROADCAST_ADDRESS}"

  yaml="$CASSANDRA_CONF/cassandra.yaml"
  sed_in_place "$yaml" -r 's/(- seeds:).*/\1 "'"$CASSANDRA_SEEDS"'"/'
  for key in broadcast_address broadcast_rpc_address cluster_name endpoint_snitch listen_address \
      num_tokens rpc_address; do
    var="CASSANDRA_${key^^}"
    value="${!var}"
    if [ -n "$value" ]; then
      sed_in_place "$yaml" -r 's/^(# )?('"$key"':).*/\2 '"$value"'/'
    fi
  done
  for key in dc rack; do
    var="CASSANDRA_${key^^}"
    value="${!var}"
    if [ -n "$value" ]; then
      sed_in_place "$CASSANDRA_CONF/cassandra-rackdc.properties" -r 's/^('"$key"'=).*/\1 '"$value"'/'
    fi
  done
fi

exec "$@"
