/**
 * What runs killed midway left behind, ended by the next run: the terminals their tests started, their socket
 * tripwire, a tripwire socket file left when it was killed outright, and their directories. Runs still going
 * (a run in another shell) are left alone.
 */
import {readdirSync} from 'node:fs';
import path from 'node:path';
import {removeStaleTripwireSocket} from './host-docker.js';
import {endedRuns, endProcesses, isRecordedAlive, type RecordedProcess, recordedChildren, removeRunDir} from './test-run.js';

export interface Leftovers {
	/** Directories of ended runs that were found (and removed). */
	runs: string[];
	/** Processes of theirs that still ran, and were ended. */
	ended: RecordedProcess[];
	/** Processes of theirs that still run after SIGTERM and SIGKILL. */
	survivors: RecordedProcess[];
	/** A tripwire's socket file nobody listened on was removed. */
	staleSocketRemoved: boolean;
}

export async function endLeftovers(): Promise<Leftovers> {
	const runs = endedRuns();
	const children = runs.flatMap(recordedChildren);
	const ended = await endProcesses(children);
	const survivors = children.filter(isRecordedAlive);
	const stateFiles = runs.flatMap((dir) =>
		readdirSync(dir)
			.filter((name) => /^tripwire.*\.json$/.test(name))
			.map((name) => path.join(dir, name)),
	);
	const staleSocketRemoved = removeStaleTripwireSocket(stateFiles);
	for (const dir of runs) removeRunDir(dir);
	return {runs, ended, survivors, staleSocketRemoved};
}
