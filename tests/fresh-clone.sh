#!/usr/bin/env bash
# Runs .ci/run as CI does: in a fresh clone of what is committed, with a fresh
# HOME (so a fresh data folder and temporary folders), optionally with empty
# cargo and npm caches, optionally while `stress-ng` keeps every core busy.
#
#   tests/fresh-clone.sh [--cold] [--load] [--target DIR]
#     --cold        CARGO_HOME and the npm cache point at empty folders
#     --load        stress-ng --cpu N runs for the whole time (N = cores)
#     --target DIR  reuse DIR as the cargo target folder (a warm build)
#
# Prints the wall time; the log is kept in .artifacts/fresh-clone-*.log.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
cold=0 load=0 target=
while [ $# -gt 0 ]; do
  case "$1" in
    --cold) cold=1 ;;
    --load) load=1 ;;
    --target) target=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

work=$(mktemp -d /var/tmp/ps-fresh-XXXX)
git clone -q "$ROOT" "$work/clone"
commit=$(git -C "$work/clone" rev-parse --short HEAD)
mkdir -p "$work/home" "$ROOT/.artifacts"
log="$ROOT/.artifacts/fresh-clone-$(basename "$work").log"
mkdir -p "$work/tmp" "$work/bin"
# The toolchain stays where rustup put it: its proxies are linked into a bin
# folder of the run's own, so no tool the machine installed by hand (such as
# tauri-driver) is on the PATH unless the run's CARGO_HOME has it.
for tool in cargo rustc rustdoc rustup rustfmt cargo-fmt cargo-clippy clippy-driver; do
  [ -e "$HOME/.cargo/bin/$tool" ] && ln -s "$HOME/.cargo/bin/$tool" "$work/bin/$tool"
done
cargo_home="$HOME/.cargo"
npm_cache="$HOME/.npm"
if [ $cold = 1 ]; then
  cargo_home="$work/cargo"
  npm_cache="$work/npm-cache"
fi
env_args=(HOME="$work/home" CI=true TMPDIR="$work/tmp" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
  CARGO_HOME="$cargo_home" npm_config_cache="$npm_cache"
  PATH="$work/bin:$cargo_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
[ -n "$target" ] && env_args+=(CARGO_TARGET_DIR="$target")
# Shares the machine's cargo lock, so the run's builds never overlap another's.
[ -n "${STUDIO_CARGO_LOCK:-}" ] && env_args+=(STUDIO_CARGO_LOCK="$STUDIO_CARGO_LOCK")

stress=
if [ $load = 1 ]; then
  command -v stress-ng >/dev/null || apt-get install -y -qq stress-ng >/dev/null
  stress-ng --cpu "$(nproc)" --quiet &
  stress=$!
fi
start=$(date +%s)
set +e
(cd "$work/clone" && env "${env_args[@]}" bash .ci/run </dev/null) >"$log" 2>&1
rc=$?
set -e
seconds=$(($(date +%s) - start))
[ -n "$stress" ] && kill "$stress" 2>/dev/null
wait 2>/dev/null || true
echo "fresh clone $commit cold=$cold load=$load: exit $rc in ${seconds} s ($((seconds / 60)) min $((seconds % 60)) s); log $log"
tail -3 "$log"
exit $rc
