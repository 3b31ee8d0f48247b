import {App, type AppProps} from './App.js';
import {useTerminalSize} from './use-terminal-size.js';

export type RootProps = Omit<AppProps, 'columns' | 'rows'> & {stdout: NodeJS.WriteStream};

/** Follows the terminal's size live and hands it to App as props (App itself is size-agnostic). */
export function Root({stdout, ...rest}: RootProps) {
	const {columns, rows} = useTerminalSize(stdout, {columns: 80, rows: 24});
	return <App {...rest} columns={columns} rows={rows} />;
}
