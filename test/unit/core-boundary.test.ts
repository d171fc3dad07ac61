import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The core is pure: the linter refuses imports of Node, AWS and the shells in functions/core, and the
 * core's own tsconfig has neither Node nor DOM types. These tests feed both tools a probe that breaks
 * the rule, so a loosened config fails here rather than silently.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const BIOME = join(ROOT, 'node_modules/.bin/biome');
const TSC = join(ROOT, 'node_modules/.bin/tsc');

const dir = mkdtempSync(join(tmpdir(), 'sigcal-boundary-'));
// The probes live in a scratch copy of the layout, with the project's own Biome config, and are ESM.
const config = JSON.parse(readFileSync(join(ROOT, 'biome.json'), 'utf8')) as Record<string, unknown>;
delete config.$schema;
writeFileSync(join(dir, 'biome.json'), JSON.stringify(config));
writeFileSync(join(dir, 'package.json'), '{"type":"module"}');

/** The probes: each in a file of its own, all linted in one run of Biome (a process costs more than a file). */
const CORE_PROBES = [
  ["import { readFile } from 'node:fs/promises';", 'node:fs/promises'],
  ["import { createHash } from 'node:crypto';", 'node:crypto'],
  ["import http from 'http';", 'http'],
  ["import { S3Client } from '@aws-sdk/client-s3';", '@aws-sdk/client-s3'],
  ["import { FolderStore } from '../store/folder-store.ts';", 'a store'],
  ["import { runPipeline } from '../pipeline/pipeline.ts';", 'the pipeline'],
  ["import { main } from '../cli/main.ts';", 'the CLI'],
].map(([line, what], i) => ({ line, what, path: `functions/core/probe-${i}.ts` }));
const OUTSIDE_PROBE = 'functions/pipeline/probe.ts';

/** Biome's diagnostics, one header line each (`path:line:column category …`). */
let lintOutput = '';
/** Whether Biome reported rule `rule` in the file at `path`. */
const reported = (path: string, rule: string) =>
  new RegExp(`^${path.replace(/[.]/g, '\\.')}:\\d+:\\d+ ${rule}\\b`, 'm').test(lintOutput);

beforeAll(() => {
  const write = (path: string, code: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), code);
  };
  for (const probe of CORE_PROBES) write(probe.path, `${probe.line}\nexport const probe = 1;\n`);
  write(OUTSIDE_PROBE, "import { readFile } from 'node:fs/promises';\nexport const probe = 1;\n");
  const paths = [...CORE_PROBES.map((p) => p.path), OUTSIDE_PROBE];
  const run = spawnSync(BIOME, ['lint', '--max-diagnostics=none', ...paths], { cwd: dir, encoding: 'utf8' });
  lintOutput = run.stdout + run.stderr;
  // Every file was linted: each probe's import is unused, which Biome reports wherever it is.
  for (const path of paths) expect(reported(path, 'lint/correctness/noUnusedImports'), path).toBe(true);
});

describe('the core boundary', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(CORE_PROBES)('the linter refuses `$line` in functions/core ($what)', ({ path }) => {
    expect(reported(path, 'lint/style/noRestrictedImports')).toBe(true);
  });

  it('the linter allows the same imports outside the core', () => {
    expect(reported(OUTSIDE_PROBE, 'lint/style/noRestrictedImports')).toBe(false);
  });

  it("the core's tsconfig knows no Node or DOM globals, only ECMAScript and URL", () => {
    const probe = join(dir, 'probe.ts');
    writeFileSync(
      probe,
      [
        "export const a = Buffer.byteLength('x');",
        'export const b = process.env.HOME;',
        'export const c = document.title;',
        "export const d = new URL('https://example.org/').href;",
        "export const e = new Intl.DateTimeFormat('en').format(0);",
        '',
      ].join('\n'),
    );
    const config = join(dir, 'tsconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: join(ROOT, 'functions/core/tsconfig.json'),
        include: [probe, join(ROOT, 'functions/core/web-url.d.ts')],
      }),
    );
    let out = '';
    try {
      execFileSync(TSC, ['-p', config], { cwd: ROOT, encoding: 'utf8' });
    } catch (error) {
      out = String((error as { stdout?: string }).stdout);
    }
    expect(out).toMatch(/probe\.ts\(1,\d+\): error TS\d+: Cannot find name 'Buffer'/);
    expect(out).toMatch(/probe\.ts\(2,\d+\): error TS\d+: Cannot find name 'process'/);
    expect(out).toMatch(/probe\.ts\(3,\d+\): error TS\d+: Cannot find name 'document'/);
    expect(out).not.toMatch(/probe\.ts\((4|5),/);
  });
});
