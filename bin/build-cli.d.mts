/** Builds dist/sigcal.mjs and its chunks from functions/cli/run.ts; returns each output file's size in bytes. */
export function buildCli(): Promise<Record<string, number>>;
/** For ES-module bundles of CommonJS dependencies, which call require() for Node built-ins. */
export declare const REQUIRE_BANNER: string;
