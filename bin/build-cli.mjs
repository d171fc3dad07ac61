#!/usr/bin/env node
// Compiles the CLI (functions/cli/run.ts) into dist/ with esbuild: one ES module per command, loaded on
// demand, with its dependencies bundled, so `sigcal` starts without a TypeScript loader and `--help`
// loads almost nothing. `npm start`, `npm test` (global setup) and `npm pack` run it.
// dist/main.mjs exports the same compiled `main(argv, io)` that dist/sigcal.mjs runs, for running the
// shipped CLI in-process (the tests run every bad-input file through it).
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** For ES-module bundles of CommonJS dependencies (the AWS SDK's), which call require() for Node built-ins. */
export const REQUIRE_BANNER =
  "import { createRequire as __sigcalRequire } from 'node:module'; const require = __sigcalRequire(import.meta.url);";

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = fileURLToPath(new URL('../dist/', import.meta.url));

/** Builds dist/sigcal.mjs, dist/main.mjs and their chunks; returns the output files' sizes in bytes. */
export async function buildCli() {
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { sigcal: 'functions/cli/run.ts', main: 'functions/cli/main.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // Bundled CommonJS dependencies (the AWS SDK's) call require() for Node built-ins.
    banner: { js: REQUIRE_BANNER },
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  const notices = await writeThirdPartyLicenses(result.metafile);
  return {
    ...Object.fromEntries(Object.entries(result.metafile.outputs).map(([path, out]) => [path, out.bytes])),
    [NOTICES]: notices,
  };
}

const NOTICES = 'dist/THIRD-PARTY-LICENSES.txt';

/**
 * dist/ bundles its dependencies (the AWS SDK, luxon, js-yaml, ics…), and the npm package ships dist/:
 * their licenses (and Apache NOTICE files) go with them, in one file. Returns its size in bytes.
 * @param {import('esbuild').Metafile} metafile
 */
async function writeThirdPartyLicenses(metafile) {
  /** @type {Map<string, string>} package directory → package name */
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const at = input.lastIndexOf('node_modules/');
    if (at === -1) continue;
    const [first = '', second = ''] = input.slice(at + 'node_modules/'.length).split('/');
    const name = first.startsWith('@') ? `${first}/${second}` : first;
    packages.set(join(root, input.slice(0, at), 'node_modules', name), name);
  }
  // Grouped by license text: most of the SDK shares one Apache-2.0 text.
  /** @type {Map<string, string[]>} license text → packages */
  const byText = new Map();
  /** @type {string[]} */
  const withoutFile = [];
  for (const [dir, name] of [...packages].sort(([, a], [, b]) => (a < b ? -1 : 1))) {
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    const id = `${name}@${pkg.version} (${pkg.license ?? 'license not stated'})`;
    const files = (await readdir(dir)).filter((f) => /^(licen[cs]e|notice|copying)/i.test(f)).sort();
    if (files.length === 0) {
      withoutFile.push(id);
      continue;
    }
    const texts = await Promise.all(files.map((f) => readFile(join(dir, f), 'utf8')));
    const key = texts.map((t) => t.trim()).join('\n\n');
    byText.set(key, [...(byText.get(key) ?? []), id]);
  }
  const sections = [...byText].map(([license, ids]) => `${ids.join('\n')}\n\n${license}`);
  if (withoutFile.length > 0) {
    sections.push(
      `${withoutFile.join('\n')}\n\nThese packages ship no license file; each is under the license it ` +
        'states, whose text is above.',
    );
  }
  const text =
    `sigcal's dist/ bundles these ${packages.size} packages; their licenses follow.\n\n` +
    `${sections.join(`\n\n${'-'.repeat(78)}\n\n`)}\n`;
  await writeFile(join(root, NOTICES), text);
  return Buffer.byteLength(text);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const outputs = await buildCli();
  const total = Object.values(outputs).reduce((n, b) => n + b, 0);
  process.stdout.write(`built dist/ (${Object.keys(outputs).length} files, ${total} bytes)\n`);
}
