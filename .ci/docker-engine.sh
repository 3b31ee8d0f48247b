#!/usr/bin/env bash
# The PRIVATE Docker engine the tests and benchmarks talk to, never the host's daemon: an operator's
# containers (DDC and every game server it controls) live on the host's daemon, and a test that restarts
# or lists "dockerd" must not reach them.
#
#   bash .ci/docker-engine.sh [start]   start the engine (or reuse it when it answers) and import the image
#   bash .ci/docker-engine.sh stop      stop it (its containers stop with it; its data stays for next time)
#   bash .ci/docker-engine.sh purge     stop it and remove everything it left under its directory
#
# Everything lives under one root-owned directory, $DDC_TOP_TEST_ENGINE_DIR (default
# /run/ddc-top-test-engine): its own socket, data-root, exec-root, pid files, logs, daemon.json, identity key
# and its own containerd. Nothing is started on /var/run/docker.sock, the host's /etc/docker/daemon.json is
# not read, no bridge, iptables or ip_forward change is made, and its containers live under the cgroup
# parent ddc-top-test.slice. Outside it, only what every dockerd and containerd make: an empty
# /run/docker/plugins and the shims' sockets in /run/containerd/s/ (named by a hash of our own address).
#
# Its own containerd, explicitly: a dockerd without --containerd uses /run/containerd/containerd.sock when
# that socket exists (a host with Docker from Debian or docker.com has one), so the test engine would run its
# containers inside the host's containerd. With --containerd and its own namespaces it cannot.
#
# No registry is reachable on CI machines, so the image is built from Debian's busybox-static.
set -euo pipefail

DIR="${DDC_TOP_TEST_ENGINE_DIR:-/run/ddc-top-test-engine}"
SOCK="$DIR/docker.sock"
PIDFILE="$DIR/docker.pid"
CTRD_DIR="$DIR/containerd"
CTRD_SOCK="$CTRD_DIR/containerd.sock"
CTRD_CONFIG="$CTRD_DIR/config.toml"
CTRD_PIDFILE="$DIR/containerd.pid"
IMAGE="local/busybox:latest"
DEADLINE_S="${DOCKERD_DEADLINE_S:-60}"

# Every docker CLI call below goes to the private engine, whatever the caller's environment says.
export DOCKER_HOST="unix://$SOCK"
unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH

fail() {
	echo "docker-engine.sh: $*" >&2
	exit 1
}

say() {
	echo "docker-engine.sh: $*" >&2
}

engine_answers() {
	docker --host "$DOCKER_HOST" version >/dev/null 2>&1
}

# The pid in PIDFILE when that process is alive AND was started with this engine's directory on its command
# line; otherwise nothing. A pid file left by a crash may name a pid that now belongs to anything else.
own_pid() {
	local pidfile="$1" pid
	[ -f "$pidfile" ] || return 0
	pid="$(tr -dc '0-9' <"$pidfile")"
	[ -n "$pid" ] || return 0
	if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$DIR/"; then
		echo "$pid"
	fi
}

prepare_dir() {
	[ "$(id -u)" -eq 0 ] || fail "the private Docker engine needs root (run the tests as root, as CI does)"
	[ -L "$DIR" ] && fail "$DIR is a symbolic link; refusing to use it"
	mkdir -p -m 0700 "$DIR"
	[ "$(stat -c %u "$DIR")" = "0" ] || fail "$DIR is not owned by root; refusing to use it"
	chmod 0700 "$DIR"
	mkdir -p "$CTRD_DIR" "$DIR/data" "$DIR/exec"
	# Its own daemon.json: the host's /etc/docker/daemon.json may set hosts, a data-root or a bridge. dockerd
	# 20.10 also keeps an identity key at /etc/docker/key.json, creating it when missing; its config key
	# "deprecated-key-path" moves that here. Later versions dropped the key (and refuse unknown ones).
	if grep -qa -- 'json:"deprecated-key-path' "$(command -v dockerd)"; then
		printf '{"deprecated-key-path": "%s"}\n' "$DIR/key.json" >"$DIR/daemon.json"
	else
		echo '{}' >"$DIR/daemon.json"
	fi
}

install_packages() {
	say "installing docker.io and busybox-static"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2 || fail "apt-get update failed"
	apt-get install -y -q docker.io busybox-static >&2 || fail "apt-get install docker.io busybox-static failed"
}

write_containerd_config() {
	cat >"$CTRD_CONFIG" <<EOF
# Written by .ci/docker-engine.sh: the test engine's own containerd, nothing shared with the host's.
version = 2
root = "$CTRD_DIR/root"
state = "$CTRD_DIR/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]

[grpc]
  address = "$CTRD_SOCK"

[ttrpc]
  address = "$CTRD_SOCK.ttrpc"

[debug]
  address = ""

[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "$CTRD_DIR/opt"
EOF
}

# Waits for a condition (a command) until the deadline; fails with the last lines of LOG.
wait_until() {
	local what="$1" log="$2" pid="$3"
	shift 3
	local end=$((SECONDS + DEADLINE_S))
	until "$@"; do
		if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
			echo "--- last lines of $log ---" >&2
			tail -n 20 "$log" >&2 || true
			fail "$what: the process exited"
		fi
		if [ "$SECONDS" -ge "$end" ]; then
			echo "--- last lines of $log ---" >&2
			tail -n 20 "$log" >&2 || true
			fail "$what: not within ${DEADLINE_S}s"
		fi
		sleep 0.2
	done
}

containerd_answers() {
	ctr --address "$CTRD_SOCK" version >/dev/null 2>&1
}

start_containerd() {
	local pid
	pid="$(own_pid "$CTRD_PIDFILE")"
	if [ -z "$pid" ]; then
		rm -f "$CTRD_PIDFILE" "$CTRD_SOCK" "$CTRD_SOCK.ttrpc"
		write_containerd_config
		say "starting the test engine's containerd (log: $DIR/containerd.log)"
		# setsid: it must outlive this script and the test process that ran it. Without job control the
		# background child is no process group leader, so setsid execs in place and $! is containerd itself.
		setsid containerd --config "$CTRD_CONFIG" >>"$DIR/containerd.log" 2>&1 </dev/null &
		pid=$!
		echo "$pid" >"$CTRD_PIDFILE"
	fi
	wait_until "containerd did not answer on $CTRD_SOCK" "$DIR/containerd.log" "$pid" containerd_answers
}

start_dockerd() {
	local pid
	pid="$(own_pid "$PIDFILE")"
	if [ -n "$pid" ]; then
		# Still starting up: a twin would fight over the pid file and the data-root.
		say "the test engine (pid $pid) is running but not answering yet; waiting"
	else
		# Left by a crash: dockerd refuses a pid file whose pid is alive (it may be reused by now).
		rm -f "$PIDFILE" "$SOCK"
		say "starting the test engine on $SOCK (log: $DIR/dockerd.log)"
		setsid dockerd \
			--host "unix://$SOCK" \
			--data-root "$DIR/data" \
			--exec-root "$DIR/exec" \
			--pidfile "$PIDFILE" \
			--config-file "$DIR/daemon.json" \
			--containerd "$CTRD_SOCK" \
			--containerd-namespace ddc-top-test \
			--containerd-plugins-namespace ddc-top-test-plugins \
			--bridge none \
			--iptables=false \
			--ip6tables=false \
			--ip-masq=false \
			--ip-forward=false \
			--cgroup-parent ddc-top-test.slice \
			>>"$DIR/dockerd.log" 2>&1 </dev/null &
		pid=$!
	fi
	wait_until "the test engine did not answer 'docker version' on $SOCK" "$DIR/dockerd.log" "$pid" engine_answers
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
		install_packages
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
	say "built $IMAGE from $busybox in the test engine"
}

# SIGTERM to the pid in PIDFILE (only when it is this engine's own process) and wait for it to exit.
stop_one() {
	local name="$1" pidfile="$2" pid
	pid="$(own_pid "$pidfile")"
	if [ -z "$pid" ]; then
		rm -f "$pidfile"
		return
	fi
	say "stopping the test engine's $name (pid $pid)"
	kill -TERM "$pid" 2>/dev/null || true
	local end=$((SECONDS + 60))
	while kill -0 "$pid" 2>/dev/null; do
		[ "$SECONDS" -lt "$end" ] || fail "$name (pid $pid) did not exit within 60 s"
		sleep 0.2
	done
	rm -f "$pidfile"
}

stop_engine() {
	[ -d "$DIR" ] || return 0
	# dockerd first: it stops its containers through containerd.
	stop_one dockerd "$PIDFILE"
	stop_one containerd "$CTRD_PIDFILE"
	rm -f "$SOCK" "$CTRD_SOCK" "$CTRD_SOCK.ttrpc"
}

purge_engine() {
	stop_engine
	[ -d "$DIR" ] || return 0
	# Layers or shm a crashed engine left mounted; deepest first.
	awk -v dir="$DIR/" 'index($2, dir) == 1 {print $2}' /proc/self/mounts | sort -r | while read -r mount; do
		umount "$mount" 2>/dev/null || umount -l "$mount" || true
	done
	rm -rf --one-file-system "$DIR"
	say "removed $DIR"
}

case "${1:-start}" in
	start)
		if ! command -v dockerd >/dev/null 2>&1 || ! command -v containerd >/dev/null 2>&1; then
			[ "$(id -u)" -eq 0 ] || fail "dockerd is missing and installing it needs root (apt-get install docker.io busybox-static)"
			install_packages
		fi
		command -v dockerd >/dev/null 2>&1 || fail "dockerd still not found after installing docker.io"
		command -v containerd >/dev/null 2>&1 || fail "containerd still not found after installing docker.io"
		command -v docker >/dev/null 2>&1 || fail "the docker CLI is missing (package docker.io)"
		prepare_dir
		if ! engine_answers; then
			start_containerd
			start_dockerd
		fi
		ensure_image
		say "test engine ready on $DOCKER_HOST ($(docker version --format '{{.Server.Version}}'), pid $(own_pid "$PIDFILE"))"
		;;
	stop) stop_engine ;;
	purge) purge_engine ;;
	*) fail "usage: docker-engine.sh [start|stop|purge]" ;;
esac
