#!/usr/bin/env bash
# The work queue across a real network (issue 14, "separate hosts"): the PostgreSQL server and
# two workers each in a network namespace of their own, joined by veth pairs on a bridge in a
# fourth namespace, so that every query and every NOTIFY crosses a network interface.
#
#   Tests/harness/queue-netns.sh [--binary PATH] [--customers N] [--rows N] [--work DIR]
#
# Needs root and `ip netns` (iproute2); exits 0 with "skipped: …" where they are missing. The
# addresses (10.231.0.0/24) exist only inside the namespaces this script makes and removes;
# nothing is routed to or from the machine's own network. Prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
binary=.build/debug/provision customers=4 rows=300 work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$2; shift 2 ;;
    --customers) customers=$2; shift 2 ;;
    --rows) rows=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "usage: $0 [--binary PATH] [--customers N] [--rows N] [--work DIR]" >&2; exit 2 ;;
  esac
done
binary=$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")
if [ "$(id -u)" -ne 0 ] || ! command -v ip > /dev/null || ! ip netns list > /dev/null 2>&1; then
  echo "skipped: needs root and ip netns"
  exit 0
fi
probe=provprobe$$
if ! ip netns add "$probe" 2> /dev/null; then
  echo "skipped: ip netns add is not allowed here"
  exit 0
fi
ip netns del "$probe"

[ -n "$work" ] || work=$(mktemp -d "${TMPDIR:-/tmp}/queue-netns.XXXXXX")
mkdir -p "$work"
# The server's folder, reachable by the user postgres whatever the modes of WORK's parents.
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/queue-netns-pg.XXXXXX")
chmod 711 "$pgdir"
ns=pq$$
hosts=(db w1 w2)
passed=0 failed=0
cleanup() {
  for h in "${hosts[@]}"; do
    [ -f "$work/$h.pid" ] && kill "$(cat "$work/$h.pid")" 2> /dev/null
  done
  if [ -f "$pgdir/pg/port" ]; then
    ip netns exec "$ns-db" runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$pgdir/pg/data" -m fast -w stop \
      > /dev/null 2>&1
  fi
  for h in sw "${hosts[@]}"; do ip netns del "$ns-$h" 2> /dev/null; done
  rm -rf "$pgdir"
}
trap cleanup EXIT
check() {
  if eval "$2"; then passed=$((passed + 1)); echo "ok: $1"; else failed=$((failed + 1)); echo "FAILED: $1"; fi
}

# The network: a bridge in "sw", one veth pair per host.
ip netns add "$ns-sw"
ip -n "$ns-sw" link add br0 type bridge
ip -n "$ns-sw" link set br0 up
address=1
for h in "${hosts[@]}"; do
  ip netns add "$ns-$h"
  ip link add "v$ns$h" netns "$ns-$h" type veth peer name "p$h" netns "$ns-sw"
  ip -n "$ns-$h" link set "v$ns$h" name eth0
  ip -n "$ns-$h" addr add "10.231.0.$address/24" dev eth0
  ip -n "$ns-$h" link set eth0 up
  ip -n "$ns-$h" link set lo up
  ip -n "$ns-sw" link set "p$h" master br0
  ip -n "$ns-sw" link set "p$h" up
  address=$((address + 1))
done

# The server, in "db", listening on its veth address only; trust for the test subnet.
bin=/usr/lib/postgresql/15/bin
mkdir -p "$pgdir/pg"
chown postgres: "$pgdir/pg"
runuser -u postgres -- "$bin/initdb" -D "$pgdir/pg/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
  > "$work/initdb.log" 2>&1 || { cat "$work/initdb.log"; exit 1; }
echo "host all all 10.231.0.0/24 trust" >> "$pgdir/pg/data/pg_hba.conf"
echo 5432 > "$pgdir/pg/port"
ip netns exec "$ns-db" runuser -u postgres -- "$bin/pg_ctl" -D "$pgdir/pg/data" -l "$pgdir/pg/server.log" -w -t 60 start \
  -o "-p 5432 -c listen_addresses=10.231.0.1 -k $pgdir/pg -c fsync=off" > /dev/null || { cat "$pgdir/pg/server.log"; exit 1; }
ip netns exec "$ns-db" runuser -u postgres -- "$bin/createdb" -h 10.231.0.1 -U postgres provision
store=postgresql://postgres@10.231.0.1:5432/provision
on() { local host=$1; shift; ip netns exec "$ns-$host" "$@"; }

check "worker hosts reach the server only across the bridge" \
  "on w1 psql -qAtc 'select inet_server_addr()' '$store' | grep -qx 10.231.0.1"

# The store and the jobs, from host w1; the workers on w1 and w2.
sample=$(pwd)/SampleData
on w1 "$binary" init --store "$store" --quiet
on w1 "$binary" catalog import "$sample/catalog.csv" --rules "$sample/licensing-rules.csv" --store "$store" --quiet
input=$work/nightly.csv
printf 'UserPrincipalName,DisplayName,UsageLocation,Licenses,Customer\r\n' > "$input"
for c in $(seq 1 "$customers"); do
  id=net-$c
  on w1 "$binary" customers add "$id" --name "Net $c" --location TW --domains "$id.example" --store "$store" --quiet
  on w1 "$binary" subscriptions set --customer "$id" --product SPE_E3 --seats "$rows" --store "$store" --quiet
  for r in $(seq 1 "$rows"); do printf 'u%d@%s.example,User %d,TW,SPE_E3,%s\r\n' "$r" "$id" "$r" "$id"; done >> "$input"
done
on w1 "$binary" submit "$input" --store "$store" --quiet --format json > "$work/submitted.json"
check "submit queued one job per customer" \
  "[ \"\$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))[\"jobs\"]))' '$work/submitted.json')\" = $customers ]"

for h in w1 w2; do
  mkdir -p -m 700 "$work/$h-credentials"
  on "$h" "$binary" worker --once --store "$store" --quiet --credentials-dir "$work/$h-credentials" \
    > "$work/$h.log" 2>&1 &
  echo $! > "$work/$h.pid"
done
for h in w1 w2; do wait "$(cat "$work/$h.pid")"; echo "$h exited $?" >> "$work/exits"; rm -f "$work/$h.pid"; done
check "both workers exited 0" "[ \"\$(grep -c 'exited 0' '$work/exits')\" = 2 ]"
sql() { on w1 psql -qAt -d "$store" -c "$1"; }
check "every job is done" "[ \"\$(sql \"select count(*) from queue_jobs where status <> 'done'\")\" = 0 ]"
check "both workers ran jobs (each across the network)" \
  "[ \"\$(sql \"select count(distinct split_part(worker, ':', 2)) from queue_jobs\")\" = 2 ]"
users=$((customers * rows))
check "every user created once ($users)" \
  "[ \"\$(sql 'select count(*) from users')\" = $users ] && [ \"\$(sql 'select count(distinct lower(upn)) from users')\" = $users ]"
check "seats assigned equal the assignments and stay within those purchased" \
  "[ \"\$(sql \"select count(*) from seat_tallies t join subscriptions s using (customer_id, product) where t.assigned > s.seats or t.assigned <> (select count(*) from assignments a join users u on u.id = a.user_id where u.customer_id = t.customer_id and a.product = t.product and u.deleted_at is null)\")\" = 0 ]"
sheets=$(cat "$work"/w1-credentials/*.csv "$work"/w2-credentials/*.csv 2> /dev/null | grep -c '@' || true)
check "every new password is in a sheet on the machine that ran its job ($sheets)" "[ $sheets = $users ]"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
