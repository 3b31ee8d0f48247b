/**
 * A connection to the Docker daemon whose reading can be held off between refreshes, so idle streams cost no wakeup.
 *
 * dockerd sends every container's stats sample once a second, one after another a few milliseconds
 * apart, so 20 streams woke ddc-top 20 times a second, and on a VM a wakeup costs more CPU than the
 * sample. The view only draws once per refresh, so the samples can wait in the kernel's socket buffers
 * until the next refresh, when all of them are read in one go. A plain net.Socket cannot do that: pause()
 * only stops its 'data' events, it keeps reading into its own buffer. A socket created with `onread` stops
 * reading for real on pause() (documented), so this is a Duplex in front of such a socket, which is what
 * http.Agent#createConnection may return. (libuv leaves a stopped socket in epoll until data next arrives
 * on it, so a held stream still costs one wakeup per refresh, but one that never reaches JavaScript.)
 */
import http from 'node:http';
import net from 'node:net';
import {Duplex} from 'node:stream';

/**
 * Shared by every connection: onread fills it, the callback copies the bytes out before returning, and
 * callbacks never interleave (one JavaScript thread).
 */
const readBuffer = Buffer.allocUnsafe(64 * 1024);

export class HoldableConnection extends Duplex {
	readonly #socket: net.Socket;
	#held = false;
	/** The reader wants more: a push that returned false stops reading until _read asks again. */
	#wanted = true;

	constructor(options: net.NetConnectOpts) {
		super({allowHalfOpen: false});
		// Half-open inside: the socket closes only after our reader has taken the end (see _final), so
		// bytes still buffered here when the daemon hangs up are not lost.
		this.#socket = net.createConnection({
			...options,
			allowHalfOpen: true,
			onread: {buffer: readBuffer, callback: (bytes, buffer) => this.#onRead(bytes, buffer)},
		});
		const socket = this.#socket;
		socket.on('connect', () => this.emit('connect'));
		socket.on('timeout', () => this.emit('timeout'));
		socket.on('end', () => this.push(null));
		socket.on('error', (error) => this.destroy(error));
		// After the end, this stream closes itself once its reader has taken it (autoDestroy).
		socket.on('close', () => {
			if (!socket.readableEnded) this.destroy();
		});
	}

	/** Stops reading from the socket: what the daemon sends waits in the kernel until release(). */
	hold(): void {
		if (this.#held) return;
		this.#held = true;
		this.#socket.pause();
	}

	/** Reads again, starting with whatever arrived while held. */
	release(): void {
		if (!this.#held) return;
		this.#held = false;
		if (this.#wanted) this.#socket.resume();
	}

	get held(): boolean {
		return this.#held;
	}

	/** Bytes taken from the kernel so far (a plain socket's bytesRead). */
	get bytesRead(): number {
		return this.#socket.bytesRead;
	}

	#onRead(bytes: number, buffer: Uint8Array): boolean {
		this.#wanted = this.push(Buffer.from(buffer.subarray(0, bytes)));
		// false makes Node stop reading (onread's documented implicit pause).
		return this.#wanted && !this.#held;
	}

	override _read(): void {
		this.#wanted = true;
		if (!this.#held) this.#socket.resume();
	}

	override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
		this.#socket.write(chunk, encoding, callback);
	}

	override _final(callback: (error?: Error | null) => void): void {
		if (this.#socket.destroyed) callback();
		else this.#socket.end(callback);
	}

	override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
		// Our 'close' only once the socket is really closed, as a plain socket's: whoever waits for a
		// response's close (stop() does) then knows the file descriptor is gone.
		const socket = this.#socket;
		if (socket.closed) {
			callback(error);
			return;
		}
		socket.once('close', () => callback(error));
		socket.destroy();
	}

	// What http.Agent and ClientRequest call on their sockets.
	get connecting(): boolean {
		return this.#socket.connecting;
	}

	get timeout(): number | undefined {
		return this.#socket.timeout;
	}

	setTimeout(ms: number, callback?: () => void): this {
		this.#socket.setTimeout(ms);
		// As net.Socket: 0 turns the timeout off and forgets that callback.
		if (callback) {
			if (ms === 0) this.off('timeout', callback);
			else this.once('timeout', callback);
		}
		return this;
	}

	setNoDelay(noDelay?: boolean): this {
		this.#socket.setNoDelay(noDelay);
		return this;
	}

	setKeepAlive(enable?: boolean, initialDelay?: number): this {
		this.#socket.setKeepAlive(enable, initialDelay);
		return this;
	}

	ref(): this {
		this.#socket.ref();
		return this;
	}

	unref(): this {
		this.#socket.unref();
		return this;
	}
}

/**
 * An http.Agent whose connections all go to one endpoint (a unix socket path, or host and port) and can
 * be held. The request's own options are not passed on: for TCP they carry the URL path in `path`, which
 * net would take for a socket path.
 */
export function holdingAgent(endpoint: net.NetConnectOpts): http.Agent {
	const agent = new http.Agent({keepAlive: true});
	agent.createConnection = () => new HoldableConnection(endpoint);
	return agent;
}
