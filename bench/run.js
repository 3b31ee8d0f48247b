// npm run bench [-- sections...]: prints figures; each section compares against a baseline run alongside.
//   metrics      ingest speed vs a readline + JSON.parse loop, peak RSS after 10M lines (also with an
//                operation's detail open)
//   render       what one live frame costs to draw at 120x40 (CPU ms per frame)
//   bandwidth    bytes/s to a 120x40 terminal, ddc-top vs docker stats (10 containers, demo)
//   docker-cpu   ddc-top's own CPU with 20 containers and the demo, vs docker stats
//   startup      start-up time of each path vs a bare node, first live frame, RSS at rest,
//                --once over 1,000,000 lines vs DDC's get_stats (python3)
//   redact       redaction CPU per MB on adversarial text, a 10 MB value redacted and rendered in
//                process, export of a file whose value is just under the line limit
//   long-line    --once over a 100 MB and a 600 MB line: wall time, peak RSS, the line after counted
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {benchBandwidth} from './bandwidth.js';
import {benchDockerCpu} from './docker-cpu.js';
import {benchLongLine} from './long-line.js';
import {benchMetrics} from './metrics.js';
import {benchRedact} from './redact.js';
import {benchStartup} from './startup.js';

// The render probe is TypeScript (it renders the real App): run it under tsx, production React as shipped.
const benchRender = async () => {
	const probe = fileURLToPath(new URL('./render-cost.tsx', import.meta.url));
	const r = spawnSync(process.execPath, ['--import', 'tsx', probe], {stdio: 'inherit', env: {...process.env, NODE_ENV: 'production'}});
	if (r.status !== 0) throw new Error('render probe failed');
};

const sections = {
	metrics: benchMetrics,
	render: benchRender,
	bandwidth: benchBandwidth,
	'docker-cpu': benchDockerCpu,
	startup: benchStartup,
	redact: benchRedact,
	'long-line': benchLongLine,
};
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of wanted.length ? wanted : Object.keys(sections)) {
	const section = sections[name];
	if (!section) {
		console.error(`unknown bench section: ${name} (have: ${Object.keys(sections).join(', ')})`);
		process.exit(2);
	}
	await section();
}
