#!/usr/bin/env bash
# Builds the single-file bundle and proves it runs on its own: copied into an empty directory (no
# node_modules, no package.json anywhere near it), it must print its version, a text report and a JSON
# report of a generated metrics file, and list a real container from the Docker engine that .ci/run started.
set -euo pipefail
cd "$(dirname "$0")/.."

# The tests' private engine (.ci/docker-engine.sh), never the host's daemon: every docker call below and the
# bundle's own --once read DOCKER_HOST.
export DOCKER_HOST="unix://${DDC_TOP_TEST_ENGINE_DIR:-/run/ddc-top-test-engine}/docker.sock"
unset DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH

fail() {
	echo "bundle-check.sh: $*" >&2
	exit 1
}

npm run bundle --silent || fail "npm run bundle failed"
[ -s dist/ddc-top.mjs ] || fail "dist/ddc-top.mjs was not written"

WORK="$(mktemp -d /tmp/ddc-top-bundle-check-XXXXXX)"
CONTAINER="ddctop-bundle-check-$$"
cleanup() {
	docker rm -f "$CONTAINER" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT

cp dist/ddc-top.mjs "$WORK/ddc-top.mjs"
cd "$WORK"
# Nothing to fall back on: the bundle must not find dependencies by walking up from here.
[ ! -e node_modules ] && [ ! -e ../node_modules ] || fail "$WORK or its parent has a node_modules"

EXPECTED_VERSION="$(node -p 'require(process.argv[1]).version' "$OLDPWD/package.json")"

# A few lines exactly as DDC's writer prints them (json.dumps separators), ending just now, plus one
# broken line that must be counted as rejected rather than crash the reader.
node -e '
	const now = Date.now() / 1000;
	const lines = [];
	const ops = [["config_load", 0.12, true], ["config_load", 0.3, true], ["docker_container_list", 0.05, true], ["docker_container_list", 0.9, false]];
	ops.forEach(([op, d, ok], i) => {
		const end = now - 60 + i;
		lines.push(`{"operation": "${op}", "start_time": ${end - d}, "end_time": ${end}, "duration": ${d}, "success": ${ok}, "timestamp": "2025-11-12T23:59:59.123456", "metadata": {}}`);
	});
	lines.push("not json");
	require("fs").writeFileSync("metrics.jsonl", lines.join("\n") + "\n");
'

echo "== bundle: $(du -h ddc-top.mjs | cut -f1) in $WORK (node $(node --version))"

version="$(node ddc-top.mjs --version)" || fail "--version exited non-zero"
[ "$version" = "$EXPECTED_VERSION" ] || fail "--version printed '$version', expected '$EXPECTED_VERSION' (from package.json via define)"
echo "ok: --version $version"

# DEV=true switches Ink to devtools mode, which reads files a single-file bundle does not have.
dev_version="$(DEV=true node ddc-top.mjs --version 2>&1)" || fail "DEV=true --version failed: $dev_version"
[ "$dev_version" = "$EXPECTED_VERSION" ] || fail "DEV=true --version printed '$dev_version'"
echo "ok: DEV=true does not break the bundle"

# A real container, so --once exercises dockerode -> docker-modem -> the socket inside the bundle.
docker run -d --network none --name "$CONTAINER" local/busybox sleep 600 >/dev/null || fail "could not start $CONTAINER (is the engine up? .ci/docker-engine.sh)"

text="$(node ddc-top.mjs --once --metrics metrics.jsonl)" || fail "--once exited non-zero"
for want in config_load docker_container_list "Host:" "$CONTAINER" "1 rejected"; do
	grep -qF -- "$want" <<<"$text" || fail "--once output lacks '$want':"$'\n'"$text"
done
echo "ok: --once lists the operations, the host and $CONTAINER"

node ddc-top.mjs --once --json --metrics metrics.jsonl >report.json || fail "--once --json exited non-zero"
node -e '
	const doc = JSON.parse(require("fs").readFileSync("report.json", "utf8"));
	const check = (ok, what) => { if (!ok) { console.error("bundle-check.sh: JSON: " + what); process.exit(1); } };
	const s = doc.statistics;
	check(s && typeof s === "object", "no statistics object");
	check(s.config_load?.total_calls === 2, "config_load.total_calls is " + s.config_load?.total_calls);
	check(s.docker_container_list?.failed_calls === 1, "docker_container_list.failed_calls is " + s.docker_container_list?.failed_calls);
	const names = (doc.ddc_top?.containers ?? []).map((c) => c.name);
	check(names.includes(process.argv[1]), "ddc_top.containers lacks " + process.argv[1] + ": " + JSON.stringify(names));
' "$CONTAINER" || fail "--once --json report is wrong (report.json above)"
echo "ok: --once --json has statistics and the container"

echo "== bundle-check: passed"
