/** One sample of a Prometheus text (or OpenMetrics) exposition. */
export interface PromSample {
	name: string;
	labels: Record<string, string>;
	value: number;
}

const UNESCAPE: Record<string, string> = {'\\': '\\', '"': '"', n: '\n'};

/**
 * The samples of an exposition, label values unescaped: an independent reading of what prom-client wrote,
 * so a label that is not escaped right shows as a wrong value or a parse error here.
 */
export function parseExposition(text: string): PromSample[] {
	const out: PromSample[] = [];
	for (const line of text.split('\n')) {
		if (line === '' || line.startsWith('#')) continue;
		let i = 0;
		while (i < line.length && /[a-zA-Z0-9_:]/.test(line[i])) i++;
		const name = line.slice(0, i);
		const labels: Record<string, string> = {};
		if (line[i] === '{') {
			i++;
			while (line[i] !== '}') {
				const eq = line.indexOf('=', i);
				const key = line.slice(i, eq);
				if (line[eq + 1] !== '"') throw new Error(`bad label in: ${line}`);
				let value = '';
				let j = eq + 2;
				for (; line[j] !== '"'; j++) {
					if (j >= line.length) throw new Error(`unterminated label value in: ${line}`);
					if (line[j] === '\\') {
						const escaped = UNESCAPE[line[++j]];
						if (escaped === undefined) throw new Error(`bad escape in: ${line}`);
						value += escaped;
					} else value += line[j];
				}
				labels[key] = value;
				i = j + 1;
				if (line[i] === ',') i++;
			}
			i++;
		}
		const [value] = line.slice(i).trim().split(' ');
		out.push({name, labels, value: Number(value)});
	}
	return out;
}

/** The value of the one sample with this name and these labels (among others); undefined when there is none. */
export function sampleValue(samples: readonly PromSample[], name: string, labels: Record<string, string> = {}): number | undefined {
	const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
	if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
	return found[0]?.value;
}
