import assert from 'node:assert/strict';
import {test} from 'node:test';
import {healthFromStatus, interpretEvent, metaFromListItem} from '../../source/core/docker-events.js';

test('list items: name without the slash, state, health from the Status text', () => {
	assert.deepEqual(metaFromListItem({Id: 'abc', Names: ['/web'], State: 'running', Status: 'Up 3 minutes (healthy)'}), {
		id: 'abc',
		name: 'web',
		state: 'running',
		health: 'healthy',
	});
	assert.deepEqual(metaFromListItem({Id: '0123456789abcdef', State: 'paused', Status: 'Up 1 second (Paused)'}), {
		id: '0123456789abcdef',
		name: '0123456789ab',
		state: 'paused',
	});
	assert.equal(healthFromStatus('Up 5 seconds (health: starting)'), 'starting');
	assert.equal(healthFromStatus('Up 1 second (unhealthy)'), 'unhealthy');
	assert.equal(healthFromStatus(undefined), undefined);
});

test('events: start, die/stop/destroy, pause, rename, health_status', () => {
	const ev = (Action: string, Attributes: Record<string, string> = {}) => ({Type: 'container', Action, Actor: {ID: 'c1', Attributes}});
	assert.deepEqual(interpretEvent(ev('start', {name: 'web'})), {kind: 'start', id: 'c1', name: 'web'});
	for (const action of ['die', 'stop', 'destroy']) assert.deepEqual(interpretEvent(ev(action)), {kind: 'gone', id: 'c1'});
	assert.deepEqual(interpretEvent(ev('pause')), {kind: 'update', id: 'c1', patch: {state: 'paused'}});
	assert.deepEqual(interpretEvent(ev('unpause')), {kind: 'update', id: 'c1', patch: {state: 'running'}});
	assert.deepEqual(interpretEvent(ev('rename', {name: '/new'})), {kind: 'update', id: 'c1', patch: {name: 'new'}});
	assert.deepEqual(interpretEvent(ev('health_status: unhealthy')), {kind: 'update', id: 'c1', patch: {health: 'unhealthy'}});
	assert.deepEqual(interpretEvent(ev('exec_start: sh -c true')), {kind: 'ignore'});
	assert.deepEqual(interpretEvent({Type: 'network', Action: 'connect', Actor: {ID: 'n'}}), {kind: 'ignore'});
	// Old daemons only send status/id.
	assert.deepEqual(interpretEvent({status: 'die', id: 'c2'}), {kind: 'gone', id: 'c2'});
});
