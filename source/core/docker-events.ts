/**
 * Container list items and events -> what the table needs to know (name, state, health). Pure, so
 * the many spellings Docker uses ("health_status: healthy", "/name") are tested without an engine.
 */
import type {ContainerMeta} from './docker-math.js';

export interface ListItem {
	Id: string;
	Names?: string[];
	State?: string;
	Status?: string;
}

export interface DockerEvent {
	Type?: string;
	Action?: string;
	status?: string;
	id?: string;
	Actor?: {ID?: string; Attributes?: Record<string, string>};
}

export type EventEffect =
	/** A container started: open its stats stream. */
	| {kind: 'start'; id: string; name?: string}
	/** It stopped or was removed: close its stream and drop its row. */
	| {kind: 'gone'; id: string}
	| {kind: 'update'; id: string; patch: Partial<Pick<ContainerMeta, 'name' | 'state' | 'health'>>}
	| {kind: 'ignore'};

/** Docker prefixes names with "/" (a leftover of container links); nobody types it. */
export function cleanName(name: string | undefined): string {
	return (name ?? '').replace(/^\//, '');
}

/** The list API's Status ("Up 3 minutes (healthy)") is the only place it reports health. */
export function healthFromStatus(status: string | undefined): string | undefined {
	const match = /\((healthy|unhealthy|health: starting)\)/.exec(status ?? '');
	if (!match) return undefined;
	return match[1] === 'health: starting' ? 'starting' : match[1];
}

export function metaFromListItem(item: ListItem): ContainerMeta {
	const meta: ContainerMeta = {id: item.Id, name: cleanName(item.Names?.[0]) || item.Id.slice(0, 12), state: item.State ?? 'running'};
	const health = healthFromStatus(item.Status);
	if (health) meta.health = health;
	return meta;
}

export function interpretEvent(event: DockerEvent): EventEffect {
	if ((event.Type ?? 'container') !== 'container') return {kind: 'ignore'};
	const id = event.Actor?.ID ?? event.id;
	const action = event.Action ?? event.status ?? '';
	if (!id) return {kind: 'ignore'};
	const attrs = event.Actor?.Attributes ?? {};
	switch (action) {
		case 'start': {
			const effect: EventEffect = {kind: 'start', id};
			if (attrs.name) effect.name = cleanName(attrs.name);
			return effect;
		}
		// die covers stop, kill and crashes; destroy covers `rm -f` of a container we never saw die.
		case 'die':
		case 'stop':
		case 'destroy':
			return {kind: 'gone', id};
		case 'pause':
			return {kind: 'update', id, patch: {state: 'paused'}};
		case 'unpause':
			return {kind: 'update', id, patch: {state: 'running'}};
		case 'rename':
			return attrs.name ? {kind: 'update', id, patch: {name: cleanName(attrs.name)}} : {kind: 'ignore'};
		default:
			if (action.startsWith('health_status:')) {
				return {kind: 'update', id, patch: {health: action.slice('health_status:'.length).trim()}};
			}
			return {kind: 'ignore'};
	}
}
