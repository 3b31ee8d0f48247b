/**
 * The follower run inside the container (issue #15 §1): one long-lived `sh` started with one exec, not a new
 * process per refresh. It keeps the metrics file open on fd 3 and, at its start and whenever a line arrives
 * on its stdin (ddc-top writes one per refresh), lists the path (`ls -ilndL`: inode, type, size; `ls` and `dd`
 * are the programs it needs, both in every busybox and coreutils image) and says on stdout, one line each:
 *   H 1                  hello, protocol 1
 *   O <why> <size>       fd 3 (re)opened at byte 0; why: first | replaced (new inode) | truncated |
 *                        recreated | rewritten (same inode, not shorter, but what was read changed)
 *   D <k>                k bytes follow (what one read of fd 3 gave, padded with NULs if the file shrank
 *                        meanwhile), then
 *   E <pos>              fd 3's position after that read (from /proc/$$/fdinfo/3): pos minus the previous
 *                        position is how many of the k bytes are the file's
 *   F                    caught up (said once per catch-up)
 *   A                    the path is gone (whatever reached our inode before is read first)
 *   N <mode>             the path is not a regular file (ls's mode string)
 *   X <text>             the path exists but cannot be opened
 *   T <tool>             a tool the follower needs is missing; it exits
 * At rest (no new bytes) it writes nothing and runs nothing: each refresh's look is the shell's own `test`
 * (builtin, no process): the path still names our inode (`-ef` with /proc/$$/fd/3) and a marker file in /tmp,
 * touched before each full look, is newer than it (`-nt`); only when either fails does it run `ls`. `-nt`
 * may compare whole seconds: a change in the marker's second is "not older" and looked at, never missed.
 * Without a writable /tmp it runs `ls` every refresh. It waits with the shell's own
 * `read -t` (no `sleep` process); busybox's read says 1 both for EOF and for a timeout, so either ends it:
 * EOF when ddc-top closed the exec's connection (the Engine does not end an exec whose client left), the
 * timeout (`$2` seconds, several refreshes) when ddc-top stopped writing, so no follower outlives it.
 *
 * A rewrite in place (same inode, not shorter; see container-file-check.ts): ddc-top's refresh line is
 * "<opens> <pos> <md5>", the md5 of what it read of the file's start and just before `pos`, for the
 * follower's open number `opens`. On a full look with the same inode, and the same open and position, the
 * follower hashes those bytes of the file as it is now (`dd` of /proc/$$/fd/3, the same inode, into
 * `md5sum`) and reopens it ("O rewritten") when they differ. So the check costs nothing at rest (no full
 * look) and a few processes per look while the file grows; a line about an older open or position is not
 * compared, and the next refresh looks again. Without /tmp it compares when `ls`'s size or time moved (to
 * the minute); without `md5sum` it does not compare. A file truncated between the look and the hash is
 * shorter than what was read when the hash differs: that is said as "truncated", as the look would have.
 */
export const CONTAINER_FOLLOWER = `set -f
f=$1; iv=$2; max=1048576; o=0; ino=; said=; opens=0; wg=; wo=; ws=; due=; seen=
for t in ls dd; do command -v $t >/dev/null 2>&1 || { echo "T $t"; exit 0; }; done
[ -r /proc/$$/fdinfo ] || { echo "T /proc"; exit 0; }
ck=; command -v md5sum >/dev/null 2>&1 && ck=1
say() { [ "$said" = "$1" ] || { said=$1; echo "$1"; }; }
look() { set -- $(ls -ilndL "$1" 2>/dev/null); li=$1; lm=$2; ls=$6; lt="$7 $8 $9"; }
wait1() { read -t "$iv" a b c || exit 0; [ -z "$a" ] || { wg=$a; wo=$b; ws=$c; }; }
chunk() {
	k=$(($1 - o)); [ $k -gt $max ] && k=$max
	echo "D $k"
	dd bs=$k count=1 <&3 2>/dev/null
	read -r _ p </proc/$$/fdinfo/3
	g=$((p - o)); [ $g -lt $k ] && dd if=/dev/zero bs=$((k - g)) count=1 2>/dev/null
	echo "E $p"; o=$p; said=
}
drain() { while [ "$o" -lt "$1" ]; do q=$o; chunk "$1"; [ "$o" -gt "$q" ] || break; done; }
reopen() {
	exec 3<&-; ino=
	exec 3<"$f" 2>/dev/null || { say "X cannot open $f"; return 1; }
	look /proc/$$/fd/3; ino=$li; o=0; said=; opens=$((opens + 1)); echo "O $1 $ls"
}
sig() {
	if [ "$o" -le 8192 ]; then dd bs=$o count=1 </proc/$$/fd/3 2>/dev/null
	else { dd bs=4096 count=1; dd bs=1 skip=$((o - 8192)) count=0; dd bs=4096 count=1; } </proc/$$/fd/3 2>/dev/null
	fi | md5sum
}
changed() {
	[ -n "$ck" ] && [ "$o" -gt 0 ] || return 1
	if [ "$wg" != "$opens" ] || [ "$wo" != "$o" ]; then due=1; return 1; fi
	[ -n "$m" ] || [ -n "$due" ] || [ "$ls $lt" != "$seen" ] || return 1
	due=; seen="$ls $lt"
	set -- $(sig); [ "$1" != "$ws" ]
}
m=/tmp/.ddc-top-follow.$$
echo >"$m" 2>/dev/null || m=
trap '[ -z "$m" ] || rm -f "$m"' EXIT
quiet() {
	[ -n "$m" ] && [ -z "$due" ] || return 1
	if [ -z "$ino" ]; then [ "$said" = A ] && ! [ -e "$f" ]; return; fi
	[ "$m" -nt "$f" ] && [ "$f" -ef /proc/$$/fd/3 ]
}
echo "H 1"; ever=
while :; do
	if quiet; then wait1; continue; fi
	[ -z "$m" ] || echo >"$m"
	look "$f"
	case $lm in -*) kind=file ;; '') kind=gone ;; *) kind=other ;; esac
	if [ $kind != file ] && [ -n "$ino" ]; then
		look /proc/$$/fd/3; [ -n "$ls" ] && drain "$ls"; exec 3<&-; ino=; due=
		look "$f"
	fi
	if [ $kind = gone ]; then
		say A
	elif [ $kind = other ]; then
		say "N $lm"
	else
		if [ "$li" != "$ino" ]; then
			if [ -n "$ino" ]; then why=replaced; elif [ -n "$ever" ]; then why=recreated; else why=first; fi
			due=; reopen $why && ever=1
		elif [ "$ls" -lt "$o" ]; then
			due=; reopen truncated
		elif changed; then
			# Truncated between the look and the hash: the file is shorter than what was read, not rewritten.
			look /proc/$$/fd/3
			if [ "$ls" -lt "$o" ]; then reopen truncated; else reopen rewritten; fi
		fi
		if [ -n "$ino" ]; then drain "$ls"; say F; fi
	fi
	wait1
done
`;
