import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {test} from 'node:test';
import {createFrameWriter} from '../../source/terminal-output/frame-writer.js';
import {fixedTerminalSize} from '../../source/terminal-output/terminal-size.js';
import {VirtualScreen} from '../helpers/virtual-screen.js';
import {waitFor} from '../helpers/wait-for.js';

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

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('frames faster than the cap are coalesced: the newest one is drawn, the rest never written', async () => {
	const {terminal, screen, writes} = fakeTerminal();
	const w = createFrameWriter(terminal, {maxFps: 10});
	w.setBase(['count 0', 'fixed']);
	await waitFor(() => writes.length === 1, 1000, 'the first frame, at the next turn of the loop');
	for (let i = 1; i < 50; i++) w.setBase([`count ${i}`, 'fixed']);
	await tick();
	assert.equal(writes.length, 1, 'the cap holds the rest back');
	await waitFor(() => writes.length === 2, 1000, 'the coalesced frame');
	assert.equal(screen.text(0), 'count 49');
	assert.equal(screen.text(1), 'fixed');
	assert.ok(w.bytesWritten < 200, `${w.bytesWritten} bytes for 50 frames`);
	w.dispose();
});

test("Ink's frame is laid over the dashboard at its origin, and leaves when Ink draws nothing", async () => {
	const {terminal, screen, writes} = fakeTerminal(20, 5);
	const origin = {x: 3, y: 1};
	const w = createFrameWriter(terminal, {maxFps: 1000});
	w.setBase(['header', 'aaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbb', 'cccccccccccccccccccc'], origin);
	w.stdout.write('+--+\n|  |\n+--+');
	await waitFor(() => writes.length === 1, 1000, 'the composed frame');
	assert.equal(screen.text(0), 'header');
	assert.equal(screen.text(1), 'aaa+--+aaaaaaaaaaaaa');
	assert.equal(screen.text(2), 'bbb|  |bbbbbbbbbbbbb', 'spaces inside the box cover what is behind');
	assert.equal(screen.text(3), 'ccc+--+ccccccccccccc');
	// The dashboard keeps updating behind the overlay.
	const base = ['header', 'aaaaaaaaaaaaaaaaaaaa', 'BBBBBBBBBBBBBBBBBBBB', 'cccccccccccccccccccc'];
	w.setBase(base, origin);
	await waitFor(() => screen.text(2) === 'BBB|  |BBBBBBBBBBBBB', 1000, 'the base under the box');
	// The overlay closes: the base comes without an origin and Ink draws nothing.
	w.setBase(base, undefined);
	w.stdout.write('');
	await waitFor(() => screen.text(1) === 'aaaaaaaaaaaaaaaaaaaa', 1000, 'the overlay gone');
	assert.equal(screen.text(2), 'BBBBBBBBBBBBBBBBBBBB');
	w.dispose();
});

test('after a resize the next frame is drawn in full on a cleared screen; after dispose nothing is written', async () => {
	const {terminal, writes} = fakeTerminal();
	const w = createFrameWriter(terminal, {maxFps: 1000});
	let resized = 0;
	w.stdout.on('resize', () => resized++);
	w.setBase(['a', 'b']);
	await waitFor(() => writes.length === 1, 1000, 'the first frame');
	terminal.emit('resize');
	assert.equal(resized, 1, 'Ink hears the resize');
	w.setBase(['a', 'b']);
	await waitFor(() => writes.length === 2, 1000, 'the redraw');
	assert.match(writes[1], /\u001B\[2J/);
	assert.match(writes[1], /a/);
	w.dispose();
	w.setBase(['late frame']);
	w.stdout.write('late overlay');
	await tick();
	assert.equal(writes.length, 2);
});

test("the size is read from the app's one record of it: Ink's stream reports it and the frame is cut to it", async () => {
	const {terminal, screen, writes} = fakeTerminal(30, 6);
	const w = createFrameWriter(terminal, {maxFps: 1000, size: fixedTerminalSize({columns: 10, rows: 6})});
	assert.equal(w.stdout.columns, 10, "Ink reads the recorded size, not the stream's own");
	w.setBase(['0123456789abcdef']);
	await waitFor(() => writes.length === 1, 1000, 'the frame');
	assert.equal(screen.text(0), '0123456789', 'nothing past the recorded width');
	w.dispose();
});
