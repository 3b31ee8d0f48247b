import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatIoBytes, formatMemBytes} from '../../source/core/format-bytes.js';
import {parseDockerSize} from '../helpers/docker-size.js';

// Expected strings are what `docker stats` (CLI 28) printed for the same byte counts on this machine.
test('memory in binary units with 4 significant digits, like docker stats', () => {
	assert.equal(formatMemBytes(1941504), '1.852MiB');
	assert.equal(formatMemBytes(25276502016), '23.54GiB');
	assert.equal(formatMemBytes(67108864), '64MiB');
	assert.equal(formatMemBytes(323584), '316KiB');
	assert.equal(formatMemBytes(0), '0B');
	assert.equal(formatMemBytes(1023), '1023B');
});

test('I/O in decimal units with 3 significant digits', () => {
	assert.equal(formatIoBytes(8388608), '8.39MB');
	assert.equal(formatIoBytes(656), '656B');
	assert.equal(formatIoBytes(1110), '1.11kB');
	assert.equal(formatIoBytes(0), '0B');
	assert.equal(formatIoBytes(2.5e12), '2.5TB');
});

test('non-finite and negative input do not produce nonsense', () => {
	assert.equal(formatMemBytes(Number.NaN), '--');
	assert.equal(formatIoBytes(-5), '0B');
});

test('parses docker stats sizes back to bytes', () => {
	assert.equal(parseDockerSize('64MiB'), 67108864);
	assert.equal(parseDockerSize('1.852MiB'), 1.852 * 1024 * 1024);
	assert.equal(parseDockerSize('8.39MB'), 8.39e6);
	assert.equal(parseDockerSize('1.11kB'), 1110);
	assert.equal(parseDockerSize('0B'), 0);
	assert.equal(parseDockerSize(' 23.54GiB '), 23.54 * 1024 ** 3);
	assert.equal(parseDockerSize('--'), undefined);
	assert.equal(parseDockerSize('12 apples'), undefined);
});
