/** Milliseconds since the epoch; injected so logic never reads the clock itself. */
export type Clock = () => number;
