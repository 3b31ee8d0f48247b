import {readFileSync} from 'node:fs';

// Set by the single-file bundle, which has no package.json beside it.
declare const __DDC_TOP_VERSION__: string | undefined;

function fromPackageJson(): string {
	try {
		const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version?: string};
		return pkg.version ?? '0.0.0';
	} catch {
		return '0.0.0';
	}
}

export const VERSION: string = typeof __DDC_TOP_VERSION__ === 'string' ? __DDC_TOP_VERSION__ : fromPackageJson();
