import {Overlay, type OverlayProps} from './Overlay.js';
import {useTerminalSize} from './use-terminal-size.js';

export type RootProps = Omit<OverlayProps, 'columns' | 'rows'> & {stdout: NodeJS.WriteStream};

/** Follows the terminal's size live and hands it to the overlay as props. */
export function Root({stdout, ...rest}: RootProps) {
	const {columns, rows} = useTerminalSize(stdout, {columns: 80, rows: 24});
	return <Overlay {...rest} columns={columns} rows={rows} />;
}
