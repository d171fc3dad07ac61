import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createS3Client, type S3ClientSettings } from '../../../functions/store/s3-store.ts';

// The SDK warns once per process that future versions need Node 22; tests run on Node 20 on purpose.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** s3rver's fixed development credentials. */
export const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
export const REGION = 'us-east-1';

export interface RunningS3 {
  readonly endpoint: string;
  /** Where s3rver keeps buckets, one directory each. */
  readonly directory: string;
  /** A client straight to s3rver (no proxy), for setting up and inspecting buckets. */
  readonly admin: S3Client;
  /** A client with short retries and timeouts, for the code under test. */
  client(settings?: S3ClientSettings): S3Client;
  createBucket(name: string): Promise<void>;
  /**
   * A new bucket holding a copy of `source`'s objects, made by copying s3rver's storage directory:
   * instant, where re-publishing would cost a request per object (test-only; relies on s3rver's layout).
   */
  cloneBucket(source: string, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Where s3rver keeps its buckets: in memory (tmpfs) where the machine has /dev/shm. s3rver opens,
 * stats and reads several files per request (the body, its metadata, its MD5), and the fault sweeps
 * make thousands of requests and copy a bucket per scenario: on tmpfs that costs about a fifth less
 * CPU than on the disk. s3rver itself is unchanged.
 */
const S3RVER_ROOT = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

/**
 * Starts a real S3-protocol server (s3rver) on loopback, on a free port, storing into a fresh temp dir,
 * in a child process of its own.
 */
export async function startS3(): Promise<RunningS3> {
  const directory = await mkdtemp(join(S3RVER_ROOT, 'sigcal-s3rver-'));
  const child = spawn(
    process.execPath,
    [new URL('./s3rver-process.mjs', import.meta.url).pathname, directory],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) =>
      resolve(Number(line)),
    );
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: S3Client[] = [];
  const client = (settings: S3ClientSettings = {}) => {
    const c = createS3Client({
      endpoint,
      region: REGION,
      credentials: CREDENTIALS,
      maxAttempts: 3,
      requestTimeoutMs: 2_000,
      connectionTimeoutMs: 1_000,
      ...settings,
    });
    clients.push(c);
    return c;
  };
  const admin = client();
  return {
    endpoint,
    directory,
    admin,
    client,
    createBucket: async (name) => {
      await admin.send(new CreateBucketCommand({ Bucket: name }));
    },
    cloneBucket: async (source, name) => {
      // Folders and plain files are all s3rver keeps; fs.cp's lstat and chmod of each entry cost the
      // fault sweeps more than the copies do.
      const from = join(directory, source);
      const to = join(directory, name);
      const entries = await readdir(from, { withFileTypes: true, recursive: true });
      const files: string[] = [];
      await mkdir(to);
      for (const entry of entries) {
        const path = relative(from, join(entry.parentPath, entry.name));
        if (entry.isDirectory()) await mkdir(join(to, path), { recursive: true });
        else if (entry.isFile()) files.push(path);
      }
      await Promise.all(files.map((path) => copyFile(join(from, path), join(to, path))));
    },
    close: async () => {
      for (const c of clients) c.destroy();
      child.kill('SIGTERM');
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export interface BucketObject {
  readonly body: Uint8Array;
  readonly contentType: string | undefined;
  readonly cacheControl: string | undefined;
  readonly sha256: string | undefined;
}

/** Every object in a bucket (under a prefix), with body and headers, keyed without the prefix. */
export async function readBucket(
  client: S3Client,
  bucket: string,
  prefix = '',
): Promise<Map<string, BucketObject>> {
  const keys = [...(await listBucket(client, bucket, prefix)).keys()];
  const objects = new Map<string, BucketObject>();
  await Promise.all(
    keys.map(async (path) => {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: prefix + path }));
      objects.set(path, {
        body: out.Body ? await out.Body.transformToByteArray() : new Uint8Array(),
        contentType: out.ContentType,
        cacheControl: out.CacheControl,
        sha256: out.Metadata?.sha256,
      });
    }),
  );
  return new Map([...objects].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export async function putObject(client: S3Client, bucket: string, key: string, body: string): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: new TextEncoder().encode(body) }));
}

/** Every key under a prefix (without it) with its ETag (the MD5 of the body for a plain PUT). */
export async function listBucket(
  client: S3Client,
  bucket: string,
  prefix = '',
): Promise<Map<string, string>> {
  const etags = new Map<string, string>();
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        ...(token ? { ContinuationToken: token } : {}),
      }),
    );
    for (const o of page.Contents ?? []) {
      if (o.Key) etags.set(o.Key.slice(prefix.length), (o.ETag ?? '').replace(/"/g, ''));
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return new Map([...etags].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export const text = (body: Uint8Array): string => new TextDecoder().decode(body);
