import type {Metric} from 'prom-client';

/** One sample of a metric: its labels and value (and, for a histogram's parts, its own name). */
export interface Sample {
	labels?: Record<string, string | number>;
	value: number;
	metricName?: string;
}

export type MetricType = 'counter' | 'gauge' | 'histogram';

/**
 * A metric whose samples are read when it is scraped, registered in a prom-client registry as the registry's
 * custom kind (an object with `get()`): prom-client formats and negotiates it (text or OpenMetrics, label
 * escaping) like its own. Its Counter and Gauge cannot leave a series out (one without labels always shows 0,
 * a host not sampled yet would read as 0 %) and its Histogram takes one observation at a time; these read the
 * store's own totals instead, so ingest pays nothing for them and a counter is exactly the store's count.
 */
export class ReadMetric {
	readonly aggregator = 'sum';

	constructor(
		public name: string,
		readonly help: string,
		readonly type: MetricType,
		private readonly samples: () => Sample[],
	) {}

	get() {
		return {name: this.name, help: this.help, type: this.type, values: this.samples(), aggregator: this.aggregator};
	}

	reset(): void {}

	/** As the registry's type wants it (the custom kind is duck-typed in prom-client's code, not in its types). */
	asMetric(): Metric {
		return this as unknown as Metric;
	}
}
