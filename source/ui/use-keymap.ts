import {useInput} from 'ink';
import type {Store} from '../state/store.js';
import {dispatchKey, type KeymapHandlers} from './key-dispatch.js';
import {splitInput} from './split-input.js';

export type {KeymapHandlers} from './key-dispatch.js';

/** The app's only useInput once Ink is loaded: each key goes through the same dispatch as the raw reader's. */
export function useKeymap(store: Store, handlers: KeymapHandlers): void {
	useInput((input, key) => {
		for (const [i, k] of splitInput(input, key)) dispatchKey(store, handlers, i, k);
	});
}
