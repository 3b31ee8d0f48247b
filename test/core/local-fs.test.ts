import assert from 'node:assert/strict';
import {test} from 'node:test';
import {isLocalFilesystem} from '../../source/core/local-fs.js';

test('only Linux filesystems served from local memory or disks allow synchronous reads', () => {
	assert.equal(isLocalFilesystem('linux', 0xef53), true, 'ext4');
	assert.equal(isLocalFilesystem('linux', 0x01021994), true, 'tmpfs');
	assert.equal(isLocalFilesystem('linux', 0x794c7630), true, 'overlayfs');
	// statfs's f_type is a signed long on 32-bit systems: btrfs's magic arrives negative there.
	assert.equal(isLocalFilesystem('linux', 0x9123683e | 0), true, 'btrfs as a signed 32-bit value');
	assert.equal(isLocalFilesystem('linux', 0x6969), false, 'NFS');
	assert.equal(isLocalFilesystem('linux', 0xff534d42), false, 'CIFS');
	assert.equal(isLocalFilesystem('linux', 0x65735546), false, 'FUSE (virtiofs, Docker Desktop, sshfs)');
	assert.equal(isLocalFilesystem('darwin', 0xef53), false, 'another OS numbers its filesystems differently');
});
