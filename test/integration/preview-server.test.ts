import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../functions/cli/preview-server.ts';

/*
 * `sigcal serve` on a built folder: it serves only what is inside the folder, never the sync's
 * bookkeeping, and its redirects never leave the server.
 */

let dir: string;
let root: string;
let server: RunningServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sigcal-serve-'));
  root = join(dir, 'site');
  await mkdir(join(root, 'sig-docs'), { recursive: true });
  await mkdir(join(root, '.sigcal'), { recursive: true });
  await mkdir(join(dir, 'outside'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<p>index</p>');
  await writeFile(join(root, 'sig-docs', 'index.html'), '<p>docs</p>');
  await writeFile(join(root, '.sigcal', 'state.json'), '{"secret":true}');
  await writeFile(join(dir, 'outside', 'secret.txt'), 'secret');
  await writeFile(join(dir, 'outside', 'index.html'), 'secret');
  await symlink(join(dir, 'outside', 'secret.txt'), join(root, 'leak.txt'));
  await symlink(join(dir, 'outside'), join(root, 'leak-dir'));
  await symlink(join(root, 'index.html'), join(root, 'home.html'));
  server = await startServer({ root, host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** One GET with the path sent exactly as written (no client-side normalisation). */
function get(path: string): Promise<{ status: number; location: string | undefined; body: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('sigcal serve', () => {
  it('serves the site and redirects a folder to its slash', async () => {
    expect(await get('/')).toMatchObject({ status: 200, body: '<p>index</p>' });
    expect(await get('/sig-docs/')).toMatchObject({ status: 200, body: '<p>docs</p>' });
    expect(await get('/sig-docs')).toMatchObject({ status: 301, location: '/sig-docs/' });
    // A link that stays inside the folder is followed.
    expect(await get('/home.html')).toMatchObject({ status: 200, body: '<p>index</p>' });
  });

  it.each([
    '/%5Cevil.example/..',
    '/%5C%5Cevil.example/..',
    '/%09/evil.example/..',
    '/%2F%2Fevil.example/..',
    '//evil.example/..',
    '/%5Cevil.example%2F..',
    '/%09/evil.example%2F..',
    '/%2F%2Fevil.example%2F..',
    '/%5C%09evil.example%2F..',
    '/sig-docs/%5C%5Cevil.example/..',
  ])('never redirects to another host: %s', async (path) => {
    const { status, location } = await get(path);
    if (status === 301) {
      expect(location).toMatch(/^\/(?![/\\])/);
      expect(new URL(location as string, server.url).host).toBe(new URL(server.url).host);
      expect(location).not.toMatch(/evil/);
    } else expect([200, 404]).toContain(status);
  });

  it.each([
    '/.sigcal/state.json',
    '/%2esigcal/state.json',
    '/%2Esigcal%2Fstate.json',
    '/.SIGCAL/state.json',
    '/sig-docs/../.sigcal/state.json',
    '/sig-docs/%2e%2e/.sigcal/state.json',
    '//.sigcal//state.json',
    '/.sigcal/',
    '/.sigcal',
  ])('never serves the sync bookkeeping: %s', async (path) => {
    const { status, body } = await get(path);
    expect(status).toBe(404);
    expect(body).not.toContain('secret');
  });

  it.each(['/leak.txt', '/leak-dir/', '/leak-dir/index.html', '/leak-dir/secret.txt', '/leak-dir'])(
    'never follows a symbolic link out of its folder: %s',
    async (path) => {
      const { status, body } = await get(path);
      expect(body).not.toContain('secret');
      expect(status === 404 || (status === 301 && !body.includes('secret'))).toBe(true);
    },
  );
});
