/** The statistics windows, apart from the statistics: the command line checks --window without loading them. */
export type WindowName = '1h' | '24h' | 'all';
export const WINDOWS: readonly WindowName[] = ['1h', '24h', 'all'];
export const WINDOW_SECONDS: Record<WindowName, number> = {'1h': 3600, '24h': 86_400, all: Number.POSITIVE_INFINITY};
