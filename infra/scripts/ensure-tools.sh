#!/usr/bin/env bash
# The Debian tools Herald's tests use as independent third-party peers: kcat (Kafka client),
# h2load (HTTP/2 load generator), promtool (metrics and alert rules), openssl (local CA).
# Installs the missing ones when running as root with apt-get; otherwise says what to install.
set -euo pipefail
declare -A pkg=([kcat]=kcat [h2load]=nghttp2-client [promtool]=prometheus [openssl]=openssl [mvn]=maven [java]=openjdk-17-jre-headless)
missing=()
for tool in "${!pkg[@]}"; do command -v "$tool" >/dev/null 2>&1 || missing+=("${pkg[$tool]}"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "missing tools; install these Debian packages: ${missing[*]}" >&2
  exit 1
fi
