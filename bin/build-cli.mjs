#!/usr/bin/env node
// Compiles the CLI (functions/cli/run.ts) into dist/ with esbuild: one ES module per command, loaded on
// demand, with its dependencies bundled, so `sigcal` starts without a TypeScript loader and `--help`
// loads almost nothing. `npm start`, `npm test` (global setup) and `npm pack` run it.
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = fileURLToPath(new URL('../dist/', import.meta.url));

/** Builds dist/sigcal.mjs and its chunks; returns the output files' sizes in bytes. */
export async function buildCli() {
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { sigcal: 'functions/cli/run.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // Bundled CommonJS dependencies (the AWS SDK's) call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __sigcalRequire } from 'node:module'; const require = __sigcalRequire(import.meta.url);",
    },
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  return Object.fromEntries(Object.entries(result.metafile.outputs).map(([path, out]) => [path, out.bytes]));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outputs = await buildCli();
  const total = Object.values(outputs).reduce((n, b) => n + b, 0);
  process.stdout.write(`built dist/ (${Object.keys(outputs).length} files, ${total} bytes)\n`);
}
