import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {test} from 'node:test';
import {createFrameWriter} from '../source/ui/frame-writer.js';
import {VirtualScreen} from './helpers/virtual-screen.js';
import {waitFor} from './helpers/wait-for.js';

function fakeTerminal(columns = 30, rows = 6) {
	const screen = new VirtualScreen(columns, rows);
	const writes: string[] = [];
	const terminal = Object.assign(new EventEmitter(), {
		columns,
		rows,
		write(data: string) {
			writes.push(data);
			screen.write(data);
			return true;
		},
	});
	return {terminal: terminal as unknown as NodeJS.WriteStream & {columns: number; rows: number}, screen, writes};
}

test('frames faster than the cap are coalesced: the newest one is drawn, the rest never written', async () => {
	const {terminal, screen, writes} = fakeTerminal();
	const w = createFrameWriter(terminal, {maxFps: 10});
	for (let i = 0; i < 50; i++) w.stdout.write(`count ${i}\nfixed`);
	assert.equal(writes.length, 1, 'the first frame goes out at once');
	await waitFor(() => writes.length === 2, 1000, 'the coalesced frame');
	assert.equal(screen.text(0), 'count 49');
	assert.equal(screen.text(1), 'fixed');
	assert.ok(w.bytesWritten < 200, `${w.bytesWritten} bytes for 50 frames`);
	w.dispose();
});

test('after a resize the next frame is drawn in full on a cleared screen; after dispose nothing is written', async () => {
	const {terminal, writes} = fakeTerminal();
	const w = createFrameWriter(terminal, {maxFps: 1000});
	let resized = 0;
	w.stdout.on('resize', () => resized++);
	w.stdout.write('a\nb');
	terminal.emit('resize');
	assert.equal(resized, 1, 'Ink hears the resize');
	await waitFor(() => {
		w.stdout.write('a\nb');
		return writes.length === 2;
	}, 1000, 'the redraw');
	assert.match(writes[1], /\u001B\[2J/);
	assert.match(writes[1], /a/);
	w.dispose();
	w.stdout.write('late frame');
	assert.equal(writes.length, 2);
});
