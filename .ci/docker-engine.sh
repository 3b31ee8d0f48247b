#!/usr/bin/env bash
# Starts a real Docker engine for the tests and makes sure the offline test image exists.
# Idempotent: an engine that already answers is reused. No registry is reachable on CI machines,
# so the image is built from Debian's busybox-static (REFERENCE §5).
set -euo pipefail

IMAGE="local/busybox:latest"
LOG="${DOCKERD_LOG:-/tmp/dockerd.log}"
DEADLINE_S="${DOCKERD_DEADLINE_S:-60}"

fail() {
	echo "docker-engine.sh: $*" >&2
	exit 1
}

engine_answers() {
	docker version >/dev/null 2>&1
}

install_packages() {
	if [ "$(id -u)" -ne 0 ]; then
		fail "dockerd is missing and installing it needs root (apt-get install docker.io busybox-static)"
	fi
	echo "docker-engine.sh: installing docker.io and busybox-static" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2 || fail "apt-get update failed"
	apt-get install -y -q docker.io busybox-static >&2 || fail "apt-get install docker.io busybox-static failed"
}

start_engine() {
	command -v dockerd >/dev/null 2>&1 || install_packages
	command -v dockerd >/dev/null 2>&1 || fail "dockerd still not found after installing docker.io"
	command -v docker >/dev/null 2>&1 || fail "the docker CLI is missing (package docker.io)"
	# A dockerd that is still starting up must not get a twin: it would fight over the pid file.
	if pidof dockerd >/dev/null 2>&1; then
		echo "docker-engine.sh: dockerd is running but not answering yet; waiting" >&2
	else
		echo "docker-engine.sh: starting dockerd (log: $LOG)" >&2
		# setsid + nohup: dockerd must outlive this script and the test process that ran it.
		setsid nohup dockerd >>"$LOG" 2>&1 </dev/null &
	fi
	local end=$((SECONDS + DEADLINE_S))
	until engine_answers; do
		if [ "$SECONDS" -ge "$end" ]; then
			echo "--- last lines of $LOG ---" >&2
			tail -n 20 "$LOG" >&2 || true
			fail "dockerd did not answer 'docker version' within ${DEADLINE_S}s"
		fi
		sleep 0.2
	done
}

static_busybox() {
	local candidate
	for candidate in /bin/busybox /usr/bin/busybox; do
		# A dynamically linked busybox would need libc inside the image: only a static one will do.
		if [ -x "$candidate" ] && ! ldd "$candidate" >/dev/null 2>&1; then
			echo "$candidate"
			return
		fi
	done
}

ensure_image() {
	if docker image inspect "$IMAGE" >/dev/null 2>&1; then
		return
	fi
	local busybox
	busybox="$(static_busybox)"
	if [ -z "$busybox" ]; then
		[ "$(id -u)" -eq 0 ] || fail "a static busybox is needed for $IMAGE and installing busybox-static needs root"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q >&2 || fail "apt-get update failed"
		apt-get install -y -q busybox-static >&2 || fail "apt-get install busybox-static failed"
		busybox="$(static_busybox)"
		[ -n "$busybox" ] || fail "no static busybox found after installing busybox-static"
	fi
	local dir
	dir="$(mktemp -d)"
	trap 'rm -rf "$dir"; trap - RETURN' RETURN
	mkdir -p "$dir/bin" "$dir/tmp" "$dir/proc" "$dir/sys" "$dir/dev" "$dir/etc"
	cp "$busybox" "$dir/bin/busybox"
	for applet in sh sleep yes cat echo ls true false head dd; do
		ln -s busybox "$dir/bin/$applet"
	done
	tar -C "$dir" -c . | docker import - "$IMAGE" >/dev/null || fail "docker import of $IMAGE failed"
	echo "docker-engine.sh: built $IMAGE from $busybox" >&2
}

if ! engine_answers; then
	start_engine
fi
ensure_image
echo "docker-engine.sh: engine ready ($(docker version --format '{{.Server.Version}}'))" >&2
