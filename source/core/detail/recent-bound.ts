/**
 * How many recent calls the detail lists by default and at most: apart from the detail, so the command
 * line checks --recent without loading it.
 */
export const DEFAULT_RECENT = 20;
export const MAX_RECENT = 1000;
