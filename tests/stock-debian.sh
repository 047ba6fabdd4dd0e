#!/usr/bin/env bash
# Proves the README's two commands on a stock Debian 12 (bookworm): builds a
# minimal system with debootstrap, clones this repository into it, and runs
# `./studio test`, then `./studio run` (under Xvfb, until the window shows,
# with a screenshot). Needs root on a Debian or Ubuntu host.
#
#   tests/stock-debian.sh [--run-only] [CHROOT_DIR]   (default /var/tmp/ps-bookworm)
#     --run-only   only `./studio run`, in the clone an earlier run left
#
# The only thing taken from the host is the Rust toolchain, bound read-only
# into the chroot: rustup's site cannot be reached from our machines. Every
# other package comes from the chroot's own package managers (apt, npm,
# cargo's registry), into an empty HOME.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
run_only=0
if [ "${1:-}" = --run-only ]; then run_only=1; shift; fi
DIR=${1:-/var/tmp/ps-bookworm}
LOG=${LOG:-$ROOT/.artifacts/stock-debian}
mkdir -p "$LOG"

if [ ! -x "$DIR/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
  debootstrap --variant=minbase --include=ca-certificates,git,sudo bookworm "$DIR" http://deb.debian.org/debian
fi

RUST_SYSROOT=$(rustc --print sysroot)
mounts=()
bind() { # bind SRC DEST [ro]
  mkdir -p "$DIR$2"
  mount --bind "$1" "$DIR$2"
  [ "${3:-}" = ro ] && mount -o remount,bind,ro "$DIR$2"
  mounts+=("$DIR$2")
}
cleanup() {
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[i]}" 2>/dev/null || true; done
}
trap cleanup EXIT
mkdir -p "$DIR/proc" "$DIR/sys" "$DIR/dev"
mount -t proc proc "$DIR/proc" && mounts+=("$DIR/proc")
bind /sys /sys
bind /dev /dev
bind /dev/pts /dev/pts
mount -t tmpfs tmpfs "$DIR/dev/shm" && mounts+=("$DIR/dev/shm")
bind "$RUST_SYSROOT" /opt/rust ro
cp /etc/resolv.conf "$DIR/etc/resolv.conf"
# Where the host reaches the registries through a proxy with its own
# certificate authority, the chroot sits behind the same proxy: give it the
# host's local authorities (nothing of the project's).
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  mkdir -p "$DIR/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$DIR/usr/local/share/ca-certificates/"
  chroot "$DIR" update-ca-certificates >/dev/null
fi

if [ $run_only = 0 ]; then
  # A clean clone of what is committed here.
  rm -rf "$DIR/root/proposal-studio" "$DIR/root/.cargo" "$DIR/root/.npm" "$DIR/root/.local"
  git clone -q "$ROOT" "$DIR/root/proposal-studio"
fi

inside() {
  chroot "$DIR" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 CI=true \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    PATH=/root/.cargo/bin:/opt/rust/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    RUSTC=/opt/rust/bin/rustc \
    bash -c "cd /root/proposal-studio && $1"
}

echo "== stock Debian: $(inside 'cat /etc/debian_version'), commit $(inside 'git rev-parse --short HEAD'), node before: $(inside 'command -v node || echo none')"
if [ $run_only = 0 ]; then
  start=$(date +%s)
  inside './studio test' 2>&1 | tee "$LOG/test.log"
  echo "== ./studio test passed in $(($(date +%s) - start)) s"
fi

# The run command: it builds (already built) and starts the app on a new
# library holding the example; the window must show, painted, within two
# minutes. The app runs in a session of its own, so that stopping it stops
# only what ./studio run started.
start=$(date +%s)
rm -f "$DIR/tmp/run.png"
inside 'export PROPOSAL_STUDIO_DATA_DIR=$(mktemp -d); xvfb-run -a -s "-screen 0 1280x800x24" bash -c "
  setsid ./studio run > /tmp/run.log 2>&1 &
  app=\$!
  for i in \$(seq 1200); do
    if xdotool search --name \"Proposal Studio\" >/dev/null 2>&1; then
      import -window root /tmp/run.png
      [ \$(identify -format %k /tmp/run.png) -gt 64 ] && break
    fi
    sleep 0.1
  done
  kill -- -\$app; wait"' 2>&1 | tee "$LOG/run.log"
cp "$DIR/tmp/run.log" "$LOG/run-app.log"
[ -s "$DIR/tmp/run.png" ] || { echo "== ./studio run showed no window" >&2; exit 1; }
cp "$DIR/tmp/run.png" "$LOG/run.png"
colours=$(identify -format %k "$LOG/run.png")
[ "$colours" -gt 64 ] || { echo "== ./studio run's window stayed blank ($colours colours)" >&2; exit 1; }
echo "== ./studio run showed its window, painted ($colours colours), in $(($(date +%s) - start)) s; screenshot: $LOG/run.png"
