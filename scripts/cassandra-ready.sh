#!/usr/bin/env bash
# Healthcheck of docker-compose.yml's cassandra service: healthy once Cassandra answers a CQL query
# (SELECT release_version FROM system.local) on 127.0.0.1:9042. It speaks the native protocol (v4)
# with bash, dd and od alone, so it works the same on the official cassandra image and on a stand-in
# without cqlsh (which needs Python); compose mounts it read-only into the container.
#   exit 0: a Rows result; 1: no connection, or an error frame (still starting, or refusing queries).
set -eo pipefail

exec 3<>/dev/tcp/127.0.0.1/9042

# Reads N bytes of the answer as hex, one byte per read so nothing past them is consumed.
read_hex() { dd bs=1 count="$1" <&3 2>/dev/null | od -An -tx1 | tr -d ' \n'; }

# STARTUP {CQL_VERSION: 3.0.0}: header (version 4, flags 0, stream 1, opcode 0x01, length 22), body.
printf '\x04\x00\x00\x01\x01\x00\x00\x00\x16\x00\x01\x00\x0bCQL_VERSION\x00\x053.0.0' >&3
answer="$(read_hex 9)"
# READY (0x02); AUTHENTICATE (0x03) also means it serves CQL, but this check has no credentials.
[ "${answer:8:2}" = 02 ] || { echo "STARTUP answered ${answer:-nothing}" >&2; exit 1; }

# QUERY: the query as a long string (length 40), consistency ONE (0x0001), no flags; length 47.
printf '\x04\x00\x00\x02\x07\x00\x00\x00\x2f\x00\x00\x00\x28SELECT release_version FROM system.local\x00\x01\x00' >&3
answer="$(read_hex 13)"
# RESULT (0x08) of kind Rows (0x00000002).
if [ "${answer:8:2}" != 08 ] || [ "${answer:18:8}" != 00000002 ]; then
  echo "QUERY answered ${answer:-nothing}" >&2
  exit 1
fi
