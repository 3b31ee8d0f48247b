/**
 * The log lines of the one container whose detail shows them (issue #14 §3, key `l`): the Engine API's
 * read-only logs endpoint with follow and a tail, decoded (core/container-logs.ts: the multiplexed frames
 * of a container without a TTY) and sanitized, emitted as they come. Opened when shown, aborted when hidden.
 */
import type {Readable} from 'node:stream';
import type Docker from 'dockerode';
import {LogDecoder, type LogStreamState} from '../core/container-logs.js';
import type {Emit} from './source.js';

/** Lines asked for when the logs open: more than a tall terminal shows. */
export const LOG_TAIL = 200;

export class ContainerLogs {
	private readonly controller = new AbortController();
	private state: LogStreamState['kind'] = 'opening';
	private readonly onSessionEnd = () => this.controller.abort();

	constructor(
		private readonly docker: Docker,
		readonly id: string,
		private readonly emit: Emit,
		private readonly session: AbortSignal,
	) {
		session.addEventListener('abort', this.onSessionEnd, {once: true});
	}

	isEnded(): boolean {
		return this.state === 'ended';
	}

	/** The container stopped (its die event): the stream ends on its own; said at once. */
	ended(): void {
		this.report({kind: 'ended', message: 'the container stopped'});
	}

	close(): void {
		this.state = 'ended';
		this.controller.abort();
		this.session.removeEventListener('abort', this.onSessionEnd);
	}

	/** Resolves once the stream is over and its socket gone; never rejects. */
	async open(): Promise<void> {
		const {signal} = this.controller;
		this.report({kind: 'opening'});
		let body: Readable;
		try {
			const container = this.docker.getContainer(this.id);
			// The frames' shape depends on the TTY: asked first, as `docker logs` does.
			const info = await container.inspect({abortSignal: signal} as object);
			const options = {follow: true, stdout: true, stderr: true, tail: LOG_TAIL, abortSignal: signal};
			body = (await container.logs(options as {follow: true})) as Readable;
			if (signal.aborted) {
				body.destroy();
				return;
			}
			const decoder = new LogDecoder(info.Config?.Tty !== true);
			this.report({kind: 'following'});
			await new Promise<void>((resolve) => {
				body.on('data', (chunk: Buffer) => {
					const lines = decoder.feed(chunk);
					if (lines.length > 0 && !signal.aborted) this.emit({type: 'container-log-lines', id: this.id, lines});
				});
				body.on('error', () => {});
				body.on('close', () => {
					const rest = decoder.flush();
					if (rest.length > 0 && !signal.aborted) this.emit({type: 'container-log-lines', id: this.id, lines: rest});
					resolve();
				});
			});
			this.report({kind: 'ended', message: 'the log stream ended (the container stopped)'});
		} catch (error) {
			const message = (error as {statusCode?: number}).statusCode === 404 ? 'no such container' : (error as Error).message;
			this.report({kind: 'ended', message});
		}
	}

	private report(state: LogStreamState): void {
		if (this.controller.signal.aborted) return;
		if (this.state === 'ended' && state.kind === 'ended') return;
		this.state = state.kind;
		this.emit({type: 'container-log-state', id: this.id, state});
	}
}
