import {Text} from 'ink';
import {fit} from '../../core/format.js';
import {sanitize} from '../../core/sanitize.js';
import type {Mode} from '../../state/reducer.js';

export interface FooterProps {
	mode: Mode;
	focus: string;
	filterError?: string;
	width: number;
}

const HINTS = '? help  / filter  w window  s/S sort  r reverse  f failures  Tab focus  m menu  q quit';

/** Key hints, or the filter prompt while one is typed. */
export function Footer({mode, focus, filterError, width}: FooterProps) {
	if (mode.kind === 'filter') {
		const prompt = `filter ${focus}: ${sanitize(mode.draft)}▏`;
		const help = filterError ? `  ${filterError}` : '  Enter apply · Esc clear · text or /regex/';
		return (
			<Text wrap="truncate">
				<Text color="cyan">{prompt}</Text>
				<Text color={filterError ? 'red' : undefined} dimColor={!filterError}>
					{fit(help, Math.max(0, width - Array.from(prompt).length))}
				</Text>
			</Text>
		);
	}
	return (
		<Text dimColor wrap="truncate">
			{fit(filterError ? `${filterError} (press / to fix)` : HINTS, width)}
		</Text>
	);
}
