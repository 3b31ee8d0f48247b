/**
 * A container's last 10 minutes for its detail (issue #14 §3): CPU % and memory per second in a compact
 * ring (Float32Array, 600 slots each, with the second each slot holds: about 7 KB per container, so every
 * container has its past when its detail opens), and net / block I/O rates measured over at least a second.
 * Samples that a refresh reads together (streams are held between refreshes) land in their own seconds only
 * when their times differ; a second that got no sample stays empty and is drawn as a gap.
 */

export const HISTORY_SECONDS = 600;

export interface IoTotals {
	netRx: number;
	netTx: number;
	blockRead: number;
	blockWrite: number;
}

/** Bytes per second of each total, over the stretch between two samples at least RATE_SPAN_MS apart. */
export type IoRates = IoTotals;

/** The shortest stretch a rate is measured over: samples read in one refresh are milliseconds apart. */
export const RATE_SPAN_MS = 900;

export interface HistoryView {
	/** Epoch second of the first slot; slots run one a second up to `first + length - 1`. */
	first: number;
	/** CPU % per second, oldest first; null where no reading landed (or CPU was not known yet). */
	cpu: (number | null)[];
	/** Memory used (bytes) per second, oldest first; null where no sample landed. */
	mem: (number | null)[];
}

export class ContainerHistory {
	private readonly cpu = new Float32Array(HISTORY_SECONDS);
	private readonly mem = new Float32Array(HISTORY_SECONDS);
	/** The epoch second each slot holds (0: never written). */
	private readonly seconds = new Uint32Array(HISTORY_SECONDS);
	private anchor: (IoTotals & {at: number}) | undefined;
	rates: IoRates | undefined;

	/** One stats sample: `at` epoch ms; `cpu` null while not known. */
	add(at: number, cpu: number | null, mem: number, totals: IoTotals): void {
		const second = Math.floor(at / 1000);
		const i = second % HISTORY_SECONDS;
		this.seconds[i] = second;
		this.cpu[i] = cpu === null ? Number.NaN : cpu;
		this.mem[i] = mem;
		const from = this.anchor;
		if (from === undefined) this.anchor = {...totals, at};
		else if (at - from.at >= RATE_SPAN_MS) {
			const span = (at - from.at) / 1000;
			// A counter that went back (the container restarted) starts a new measurement.
			const rate = (now: number, then: number) => (now >= then ? (now - then) / span : 0);
			this.rates = {
				netRx: rate(totals.netRx, from.netRx),
				netTx: rate(totals.netTx, from.netTx),
				blockRead: rate(totals.blockRead, from.blockRead),
				blockWrite: rate(totals.blockWrite, from.blockWrite),
			};
			this.anchor = {...totals, at};
		}
	}

	/** The last HISTORY_SECONDS seconds up to `now` (epoch ms). */
	view(now: number): HistoryView {
		const last = Math.floor(now / 1000);
		const first = last - HISTORY_SECONDS + 1;
		const cpu: (number | null)[] = new Array(HISTORY_SECONDS);
		const mem: (number | null)[] = new Array(HISTORY_SECONDS);
		for (let k = 0; k < HISTORY_SECONDS; k++) {
			const second = first + k;
			const i = ((second % HISTORY_SECONDS) + HISTORY_SECONDS) % HISTORY_SECONDS;
			const here = this.seconds[i] === second;
			const c = this.cpu[i];
			cpu[k] = here && !Number.isNaN(c) ? c : null;
			mem[k] = here ? this.mem[i] : null;
		}
		return {first, cpu, mem};
	}
}
