import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The npm package (`npx sigcal`): what `npm pack` puts in it, and that it runs with nothing but Node.
 * `.ci/run` installs the real tarball into an empty folder and builds a site with it.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface PackJson {
  files: { path: string }[];
}

const packageJson = async () => JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));

describe('the npm package', () => {
  it('holds the command, the compiled CLI, its third-party licenses and the docs, and no sources', () => {
    // dist/ is already built (test global setup); --ignore-scripts keeps prepack's output out of the JSON.
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const [pack] = JSON.parse(out) as PackJson[];
    const files = (pack?.files ?? []).map((f) => f.path).sort();
    expect(files.filter((f) => !f.startsWith('dist/chunks/'))).toEqual(
      [
        'README.md',
        'SECURITY.md',
        'bin/sigcal.js',
        'dist/THIRD-PARTY-LICENSES.txt',
        'dist/main.mjs',
        'dist/sigcal.mjs',
        'package.json',
      ].sort(),
    );
    expect(files.filter((f) => f.startsWith('dist/chunks/')).length).toBeGreaterThan(5);
    expect(files.every((f) => f.endsWith('.mjs') || !f.startsWith('dist/chunks/'))).toBe(true);
  });

  it('is publishable, runs `sigcal` from bin/, builds dist/ before packing, and says which Node it needs', async () => {
    const pkg = await packageJson();
    expect(pkg.private).toBeUndefined();
    expect(pkg.bin).toEqual({ sigcal: 'bin/sigcal.js' });
    expect(pkg.scripts.prepack).toBe('node bin/build-cli.mjs');
    expect(pkg.engines).toEqual({ node: '>=20' });
    expect(pkg.type).toBe('module');
    const version = execFileSync(process.execPath, [join(ROOT, 'bin/sigcal.js'), '--version'], {
      encoding: 'utf8',
    });
    expect(version).toBe(`sigcal ${pkg.version}\n`);
  });

  it('needs no dependencies: every command loads and runs from a copy of the package, without node_modules', async () => {
    const pkg = await packageJson();
    expect(pkg.dependencies ?? {}).toEqual({});
    // Outside the repository, so nothing can be resolved from its node_modules.
    const copy = await mkdtemp(join(tmpdir(), 'sigcal-package-'));
    try {
      for (const part of ['bin', 'dist', 'package.json', 'sigs.yaml']) {
        await cp(join(ROOT, part), join(copy, part), { recursive: true });
      }
      const sigcal = (...args: string[]) =>
        execFileSync(process.execPath, [join(copy, 'bin/sigcal.js'), ...args], {
          cwd: copy,
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        });
      // Each command's --help loads its whole module graph (publish and republish: the AWS SDK).
      for (const command of ['validate', 'build', 'serve', 'publish', 'republish']) {
        expect(sigcal(command, '--help'), command).toMatch(new RegExp(`^Usage: sigcal ${command}`));
      }
      expect(sigcal('build', '--out', 'site')).toMatch(/^built \d+ objects/);
      expect(
        (await readFile(join(copy, 'site/calendars/all.ics'), 'utf8')).startsWith('BEGIN:VCALENDAR'),
      ).toBe(true);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
    const notices = await readFile(join(ROOT, 'dist/THIRD-PARTY-LICENSES.txt'), 'utf8');
    for (const bundled of ['@aws-sdk/client-s3@', 'luxon@', 'js-yaml@', 'ical.js@'])
      expect(notices).toContain(bundled);
  });
});
