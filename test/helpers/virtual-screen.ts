import {applySgr, PLAIN, type Style, styleKey} from '../../source/terminal-output/sgr.js';

/**
 * Just enough of a terminal to check what the frame writer sends: cursor moves (CUP), erase to end of
 * line (EL), clear (ED), SGR styles and printable characters, one column each.
 */
export class VirtualScreen {
	readonly chars: string[][];
	readonly styles: string[][];
	private row = 0;
	private col = 0;
	private readonly style: Style = {...PLAIN};
	/** How often a write ran past the last column: the frame writer must never do that. */
	wrapped = 0;

	constructor(
		readonly width: number,
		readonly height: number,
	) {
		this.chars = Array.from({length: height}, () => Array<string>(width).fill(' '));
		this.styles = Array.from({length: height}, () => Array<string>(width).fill(''));
	}

	write(data: string): void {
		const re = /\u001B\[([?0-9;]*)([A-Za-z])|([^\u001B])/gu;
		for (const m of data.matchAll(re)) {
			if (m[3] !== undefined) {
				// Like xterm: past the last column the next character wraps to the next line (and scrolls at the bottom).
				if (this.col >= this.width) {
					this.col = 0;
					this.row++;
					this.wrapped++;
				}
				if (this.row < this.height) {
					this.chars[this.row][this.col] = m[3];
					this.styles[this.row][this.col] = styleKey(this.style);
				}
				this.col++;
				continue;
			}
			const [params, final] = [m[1], m[2]];
			if (final === 'H') {
				const [r, c] = params.split(';').map((x) => Number(x || 1));
				this.row = (r || 1) - 1;
				this.col = (c || 1) - 1;
			} else if (final === 'K') {
				// The cursor waiting to wrap sits on the last column, so EL erases that last character.
				for (let c = Math.min(this.col, this.width - 1); c < this.width; c++) {
					this.chars[this.row][c] = ' ';
					this.styles[this.row][c] = '';
				}
			} else if (final === 'J' && params === '2') {
				for (let r = 0; r < this.height; r++) {
					this.chars[r].fill(' ');
					this.styles[r].fill('');
				}
			} else if (final === 'm') {
				applySgr(this.style, params);
			} else if (!params.startsWith('?')) {
				throw new Error(`virtual screen: unexpected sequence ESC[${params}${final}`);
			}
		}
	}

	/** Row r as text with trailing blanks trimmed. */
	text(r: number): string {
		return this.chars[r].join('').trimEnd();
	}
}
