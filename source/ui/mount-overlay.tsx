import {render} from 'ink';
import {Root, type RootProps} from './Root.js';

// Everything of Ink and React the live view needs, in one module that app.tsx loads at the first key.
export {overlayOrigin} from './Overlay.js';

export interface MountedOverlay {
	unmount(): void;
}

/** Ink owns the keyboard from here on and draws the help and the menu through the frame writer's stdout. */
export function mountOverlay(props: RootProps, io: {stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream}): MountedOverlay {
	return render(<Root {...props} />, {
		stdout: props.stdout,
		stdin: io.stdin,
		stderr: io.stderr,
		exitOnCtrlC: false,
		patchConsole: false,
		// Full frames, one per write, for the frame writer to lay over the dashboard (frame-writer.ts).
		debug: true,
	});
}
