/** Types for simulator-files.mjs (a plain build script, imported by test/packaging). */
export declare const SIM_MARKER: string;
export declare function simulatorModuleNames(simDir: string): string[];
export declare function simulatorFiles(entries: readonly string[], read: (entry: string) => string, moduleNames: readonly string[]): string[];
