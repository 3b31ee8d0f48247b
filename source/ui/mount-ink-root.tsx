import {render} from 'ink';
import {InkRoot, type InkRootProps} from './InkRoot.js';

// Everything of Ink and React the live view needs, in one module that app.tsx loads at the first key.

export interface MountedInkRoot {
	unmount(): void;
}

export type MountInkRootProps = InkRootProps & {
	/** The frame writer's stream: Ink draws into it and reads the terminal's size from it. */
	stdout: NodeJS.WriteStream;
};

/** Ink owns the keyboard from here on and draws the help and the menu through the frame writer's stdout. */
export function mountInkRoot(
	{stdout, ...props}: MountInkRootProps,
	io: {stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream},
): MountedInkRoot {
	return render(<InkRoot {...props} />, {
		stdout,
		stdin: io.stdin,
		stderr: io.stderr,
		exitOnCtrlC: false,
		patchConsole: false,
		// Full frames, one per write, for the frame writer to lay over the dashboard (frame-writer.ts).
		debug: true,
	});
}
