#!/usr/bin/env bash
# Installs the offline Mandarin speech synthesiser the read-aloud route uses in development and tests:
# Debian's espeak-ng (voice `cmn`). Idempotent; needs root (as on the dev machines and CI here).
# Without it the server still runs and the 听一听 route answers 503 SPEECH_UNAVAILABLE in plain Chinese.
set -euo pipefail
if command -v espeak-ng >/dev/null 2>&1 && espeak-ng --voices=cmn 2>/dev/null | grep -q cmn; then exit 0; fi
echo "installing: espeak-ng"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends espeak-ng >/dev/null
