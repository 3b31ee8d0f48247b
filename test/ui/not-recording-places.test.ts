/**
 * Issue #15 §2 (auto case): ddc-top follows the file inside container `ddc` because none was at the local
 * path; when the container has none either, the operations panel names both places it looked, and the
 * status line names the container.
 */
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {stripVTControlCharacters} from 'node:util';
import {containerFileLabel, DDC_CONTAINER_METRICS, lookedAt} from '../../source/core/container-file-target.js';
import {createStore} from '../../source/state/store.js';
import {emptyText} from '../../source/ui/dashboard/dashboard.js';
import {statusLine} from '../../source/ui/dashboard/status-line.js';

test('auto case, no file in the container: the panel names the local path and the container path', () => {
	const localPath = '/srv/ddc/data/metrics/performance_metrics.jsonl';
	const config = {metricsPath: DDC_CONTAINER_METRICS, container: {name: 'ddc', auto: {localPath}}, metricsDefault: true, docker: true};
	const store = createStore({
		clock: () => 1_780_000_000_000,
		metricsPath: containerFileLabel(config.metricsPath, 'ddc'),
		looked: lookedAt(config),
		dockerEnabled: false,
	});
	store.ingest({type: 'metrics-state', state: {kind: 'waiting'}});
	const snap = store.getSnapshot();
	assert.match(
		emptyText(snap),
		/^DDC is not recording metrics: no metrics file \(looked at \/srv\/ddc\/data\/metrics\/performance_metrics\.jsonl; container ddc:\/app\/data\/metrics\/performance_metrics\.jsonl\)\. .*Getting metrics from DDC.*ddc-top --demo$/,
	);
	assert.match(stripVTControlCharacters(statusLine(snap.file, snap.now, 100)), /performance_metrics\.jsonl in container ddc · /);
});
