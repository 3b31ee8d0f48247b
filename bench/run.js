// npm run bench [-- sections...]: prints figures; each section compares against a baseline run alongside.
// Sections: metrics (issue #2). More sections register below as they land.
import {benchMetrics} from './metrics.js';

const sections = {metrics: benchMetrics};
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of wanted.length ? wanted : Object.keys(sections)) {
	const section = sections[name];
	if (!section) {
		console.error(`unknown bench section: ${name} (have: ${Object.keys(sections).join(', ')})`);
		process.exit(2);
	}
	await section();
}
