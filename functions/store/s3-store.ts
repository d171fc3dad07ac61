import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import type { StoredObject } from './site.ts';
import { assertSitePath, type SiteStore, type StoredObjectInfo, StoreError } from './site-store.ts';

/** How the S3 client talks to the endpoint; defaults suit AWS, tests shorten them. */
export interface S3ClientSettings {
  /** Any S3-compatible endpoint (`http://127.0.0.1:4568`); path-style addressing is used with it. */
  readonly endpoint?: string;
  /** Default: the AWS chain (AWS_REGION, profile). */
  readonly region?: string;
  /** Attempts per request, including the first (SDK standard retry mode: exponential backoff, jitter). */
  readonly maxAttempts?: number;
  /** Per attempt, from sending the request to the end of the response. */
  readonly requestTimeoutMs?: number;
  readonly connectionTimeoutMs?: number;
  /** Default: the AWS credential chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** A site object is well under a megabyte: a request that takes 10 s has stalled, so retry it. */
export const DEFAULT_S3_SETTINGS = {
  maxAttempts: 5,
  requestTimeoutMs: 10_000,
  connectionTimeoutMs: 3_000,
} as const;

/** An S3 client configured for sigcal: retries with backoff, per-attempt timeouts, path style for endpoints. */
export function createS3Client(settings: S3ClientSettings = {}): S3Client {
  const config: S3ClientConfig = {
    maxAttempts: settings.maxAttempts ?? DEFAULT_S3_SETTINGS.maxAttempts,
    retryMode: 'standard',
    requestHandler: {
      requestTimeout: settings.requestTimeoutMs ?? DEFAULT_S3_SETTINGS.requestTimeoutMs,
      connectionTimeout: settings.connectionTimeoutMs ?? DEFAULT_S3_SETTINGS.connectionTimeoutMs,
      // Without this a breached request timeout is only logged, and a stalled request hangs the run.
      throwOnRequestTimeout: true,
    },
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
    ...(settings.credentials ? { credentials: { ...settings.credentials } } : {}),
  };
  return new S3Client(config);
}

/** Normalises a key prefix: no leading "/", and a trailing "/" unless empty (`site` → `site/`). */
export function normalisePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

/** A site in an S3 bucket under an optional key prefix; the body's sha256 is kept as `x-amz-meta-sha256`. */
export class S3Store implements SiteStore {
  readonly bucket: string;
  readonly prefix: string;
  readonly description: string;
  private readonly client: S3Client;

  constructor(client: S3Client, bucket: string, prefix?: string) {
    this.client = client;
    this.bucket = bucket;
    this.prefix = normalisePrefix(prefix);
    this.description = `s3://${bucket}/${this.prefix}`;
  }

  async get(path: string): Promise<Uint8Array | null> {
    const key = this.key(path);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isNotFound(error)) return null;
      throw this.failure('GET', path, error);
    }
  }

  async head(path: string): Promise<StoredObjectInfo | null> {
    const key = this.key(path);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        sha256: out.Metadata?.sha256 ?? null,
        contentType: out.ContentType ?? '',
        cacheControl: out.CacheControl ?? '',
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw this.failure('HEAD', path, error);
    }
  }

  async put(path: string, object: StoredObject): Promise<void> {
    const key = this.key(path);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: object.body,
          ContentType: object.contentType,
          CacheControl: object.cacheControl,
          ...(object.contentEncoding ? { ContentEncoding: object.contentEncoding } : {}),
          Metadata: { sha256: object.sha256 },
        }),
      );
    } catch (error) {
      throw this.failure('PUT', path, error);
    }
  }

  async delete(path: string): Promise<void> {
    const key = this.key(path);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw this.failure('DELETE', path, error);
    }
  }

  private key(path: string): string {
    assertSitePath(path);
    return `${this.prefix}${path}`;
  }

  private failure(operation: string, path: string, error: unknown): StoreError {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new StoreError(`${operation} s3://${this.bucket}/${this.prefix}${path} failed: ${why}`, path, {
      cause: error,
    });
  }
}

/** A missing object (not a missing bucket, which must fail loudly). HEAD has no body, so 404 is all it says. */
function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (e.name === 'NoSuchBucket') return false;
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}
