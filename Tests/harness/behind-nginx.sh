#!/usr/bin/env bash
# The portal behind a real nginx (Debian's) as its TLS reverse proxy, on loopback ports
# (docs/serve.md):
# 1. installs nginx when it is missing: apt-get update, then nginx-light (or nginx);
# 2. makes a self-signed certificate for 127.0.0.1 with openssl in a temporary folder;
# 3. starts `provision serve --listen 127.0.0.1:0 --trusted-proxy 127.0.0.1` on a sample
#    store, and nginx (its own prefix, config and logs in the temporary folder, not the
#    system's) with TLS on a free loopback port, proxying to the portal;
# 4. checks, with curl from 127.0.0.3 (another loopback address, so the client is not the proxy):
#    - through nginx: the customers index over HTTPS; /health says `client: 127.0.0.3` and
#      `scheme: https` (X-Forwarded-For/-Proto honoured from the trusted proxy); an
#      X-Forwarded-For the client wrote itself is not believed (nginx replaces it);
#    - straight to the portal from 127.0.0.3, with forged X-Forwarded-For/-Proto: they are
#      ignored (`client: 127.0.0.3`, `scheme: http`): the peer is not the trusted proxy;
#    - the access log holds the paths but no query string and no client address;
# 5. stops both with SIGTERM; `provision serve` must exit 0.
#
#   Tests/harness/behind-nginx.sh [--binary PATH] [--work DIR]
#
# Prints "behind-nginx: N checks passed, N failed"; exits 1 on any failure, 2 when it cannot run.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

binary="" work=""
while [ $# -gt 0 ]; do
  case $1 in
    --binary) binary=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "usage: $0 [--binary PATH] [--work DIR]" >&2; exit 2 ;;
  esac
done

# 1. nginx, installed only when missing.
nginx=$(command -v nginx || true)
[ -n "$nginx" ] || [ ! -x /usr/sbin/nginx ] || nginx=/usr/sbin/nginx
if [ -z "$nginx" ]; then
  echo "behind-nginx: installing Debian's nginx" >&2
  if [ "$(id -u)" != 0 ]; then echo "$0: nginx is missing and installing it needs root" >&2; exit 2; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq nginx-light >&2 || apt-get install -y -qq nginx >&2
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  # The package may have started the system's own nginx on port 80: this script needs none of it.
  if command -v service >/dev/null; then service nginx stop >/dev/null 2>&1 || true; fi
fi
[ -x "$nginx" ] || { echo "$0: no nginx after installing it" >&2; exit 2; }
command -v openssl >/dev/null || { echo "$0: needs openssl" >&2; exit 2; }
command -v curl >/dev/null || { echo "$0: needs curl" >&2; exit 2; }

binary=$(provision_binary "$binary")
given_work=$work
harness_work "$work" behind-nginx keep
# nginx's workers run as nobody: they must be able to enter the folder.
chmod 711 "$work"
portal_pid="" nginx_pid=""
cleanup() {
  [ -z "$nginx_pid" ] || kill -TERM "$nginx_pid" 2>/dev/null || true
  [ -z "$portal_pid" ] || kill -TERM "$portal_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  [ -n "$given_work" ] || rm -rf "$work"
}
trap cleanup EXIT

passed=0 failed=0
check() { # check NAME COMMAND...: counts and prints one check
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; fi
}
contains() { grep -qF -- "$2" <<<"$1"; }
lacks() { ! grep -qF -- "$2" <<<"$1"; }

# 2. The certificate.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
  -addext "subjectAltName=IP:127.0.0.1" -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

# 3. The portal on a free port, then nginx in front.
(cd "$work" && "$binary" init --force --sample --sample-dir "$HARNESS_REPO/SampleData" >/dev/null)
"$binary" --store "$work/provision.sqlite" serve --listen 127.0.0.1:0 --trusted-proxy 127.0.0.1 \
  >"$work/serve.out" 2>"$work/serve.err" &
portal_pid=$!
for _ in $(seq 50); do grep -q "serving http://" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
backend=$(sed -nE 's|.*serving http://127\.0\.0\.1:([0-9]+)/.*|\1|p' "$work/serve.out" | head -1)
[ -n "$backend" ] || { echo "$0: the portal did not start:" >&2; cat "$work/serve.err" >&2; exit 2; }

tls=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 64; }
http {
    access_log $work/nginx/access.log;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    server {
        listen 127.0.0.1:$tls ssl;
        ssl_certificate $work/cert.pem;
        ssl_certificate_key $work/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        client_max_body_size 1m;
        location / {
            proxy_pass http://127.0.0.1:$backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_set_header X-Forwarded-Proto \$scheme;
        }
    }
}
EOF
"$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
nginx_pid=$!
for _ in $(seq 50); do curl -sk -o /dev/null "https://127.0.0.1:$tls/health" && break; sleep 0.1; done

# 4. The checks.
client=(curl -sk --interface 127.0.0.3 --max-time 5)
index=$("${client[@]}" -i "https://127.0.0.1:$tls/login")
check "the sign-in page comes through nginx over TLS" contains "$index" "<h1>Sign in</h1>"
check "behind TLS the session cookie is __Host- and Secure" contains "$index" "__Host-provision-session="
check "behind TLS the session cookie is marked Secure" contains "$index" "; Secure"
health=$("${client[@]}" "https://127.0.0.1:$tls/health?token=abc")
check "through nginx: X-Forwarded-For honoured (client 127.0.0.3)" contains "$health" "client: 127.0.0.3"
check "through nginx: X-Forwarded-Proto honoured (scheme https)" contains "$health" "scheme: https"
forged=$("${client[@]}" -H "X-Forwarded-For: 203.0.113.9" "https://127.0.0.1:$tls/health")
check "through nginx: the client's own X-Forwarded-For is replaced" contains "$forged" "client: 127.0.0.3"
direct=$("${client[@]}" -H "X-Forwarded-For: 203.0.113.9" -H "X-Forwarded-Proto: https" "http://127.0.0.1:$backend/health")
check "straight to the portal: forged X-Forwarded-For ignored" contains "$direct" "client: 127.0.0.3"
check "straight to the portal: forged X-Forwarded-Proto ignored" contains "$direct" "scheme: http"
tooBig=$("${client[@]}" -o /dev/null -w '%{http_code}' -X POST --data-binary @<(head -c 2000000 /dev/zero) \
  "https://127.0.0.1:$tls/")
check "nginx refuses a body past client_max_body_size (413)" test "$tooBig" = 413

# 5. Stop both; the portal exits 0.
kill -TERM "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""
kill -TERM "$portal_pid"; status=0; wait "$portal_pid" || status=$?; portal_pid=""
check "provision serve exits 0 on SIGTERM" test "$status" = 0
log=$(cat "$work/serve.err")
check "the access log has the requests" contains "$log" " GET /health 200 "
check "the access log has no query string" lacks "$log" "token"
check "the access log has no client address" lacks "$log" "127.0.0.3"

echo "behind-nginx: $passed checks passed, $failed failed"
[ "$failed" = 0 ]
