/**
 * The whole run's tripwire: where no Docker daemon is, a listener on its default socket that only counts who
 * connects (and the first request line, to tell which call fell back to it). Started detached by the first
 * test file and stopped by the last; plain JavaScript so it starts without a loader.
 *
 * argv: <socket path> <state file> <runner pid> <runner start time>
 *
 * It never outlives its run by more than a poll: when the runner is gone (a killed run), or the socket file
 * is no longer its own (a daemon started meanwhile unlinks it and binds its own), it stops. It removes the
 * socket file only while that file is still the one it made, so a daemon's socket is never taken away.
 */
import {readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import net from 'node:net';

const [socketPath, stateFile, runnerPid, runnerStart] = process.argv.slice(2);
const POLL_MS = 500;
/** A run longer than this is stuck; the tripwire does not wait for it. */
const MAX_LIFETIME_MS = 3 * 60 * 60 * 1000;

const state = {pid: process.pid, socket: socketPath, listening: false, inode: 0, connections: 0, requests: [], ended: ''};

function save() {
	writeFileSync(`${stateFile}.tmp`, JSON.stringify(state, null, '\t'));
	renameSync(`${stateFile}.tmp`, stateFile);
}

/** The start time of a process that runs; undefined once it ended (a zombie has ended too). */
function startTime(pid) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return fields[0] === 'Z' ? undefined : fields[19];
	} catch {
		return undefined;
	}
}

function ownInode() {
	try {
		return statSync(socketPath).ino === state.inode;
	} catch {
		return false;
	}
}

/** Printable ASCII only, at most 100 characters: the line is shown in a test's report. */
function printable(text) {
	return text
		.split(/\r?\n/)[0]
		.replace(/[^\x20-\x7e]/g, '?')
		.slice(0, 100);
}

const server = net.createServer((socket) => {
	state.connections++;
	const index = state.requests.push('(nothing sent)') - 1;
	save();
	socket.on('error', () => {});
	socket.setTimeout(200, () => socket.destroy());
	socket.once('data', (chunk) => {
		state.requests[index] = printable(chunk.toString('latin1'));
		save();
		socket.destroy();
	});
});

let stopping = false;
function stop(reason) {
	if (stopping) return;
	stopping = true;
	state.ended = reason;
	// Closing a listening unix socket unlinks its path by name, whoever's file is there by then: only while
	// the file is still ours. Otherwise the process exits with the socket open (exit does not unlink).
	if (state.listening && ownInode()) {
		server.close();
		rmSync(socketPath, {force: true});
	}
	state.listening = false;
	save();
	process.exit(0);
}

server.on('error', (error) => {
	state.ended = `cannot listen: ${error.code ?? error.message}`;
	save();
	process.exit(1);
});

server.listen(socketPath, () => {
	state.inode = statSync(socketPath).ino;
	state.listening = true;
	save();
	const born = Date.now();
	setInterval(() => {
		if (startTime(Number(runnerPid)) !== runnerStart) stop('the test run ended');
		else if (!ownInode()) stop(`${socketPath} was replaced`);
		else if (Date.now() - born > MAX_LIFETIME_MS) stop('the run took longer than 3 hours');
	}, POLL_MS);
});

for (const name of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(name, () => stop(`stopped by ${name}`));
