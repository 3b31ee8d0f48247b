/**
 * Linux filesystems whose metadata and freshly written data are served from the local page cache (magic
 * numbers from linux/magic.h, as statfs(2) reports them). On these a stat or a small read of just-appended
 * bytes returns in microseconds, so doing it synchronously costs less than a thread-pool round trip.
 * Network and FUSE filesystems (NFS, CIFS/SMB, 9p, virtiofs and the other Docker Desktop
 * mounts, sshfs) are absent on purpose: a stat there can wait on a server, even hang on a hard mount.
 */
const LOCAL_FS_MAGIC = new Set<number>([
	0xef53, // ext2, ext3, ext4
	0x58465342, // xfs
	0x9123683e, // btrfs
	0x01021994, // tmpfs
	0x858458f6, // ramfs
	0x794c7630, // overlayfs (a container's own filesystem)
	0x2fc12fc1, // zfs
	0xf2f52010, // f2fs
	0xca451a4e, // bcachefs
	0x52654973, // reiserfs
	0x3153464a, // jfs
]);

export function isLocalFilesystem(platform: NodeJS.Platform, type: number): boolean {
	return platform === 'linux' && LOCAL_FS_MAGIC.has(type >>> 0);
}
