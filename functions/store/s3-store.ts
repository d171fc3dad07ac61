import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { bodyBytes, type StoredObject } from './site.ts';
import {
  assertSitePath,
  ConditionFailedError,
  type DeleteOptions,
  type PutOptions,
  type SiteStore,
  type StoredBody,
  type StoredObjectInfo,
  StoreError,
} from './site-store.ts';

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

/**
 * A site in an S3 bucket under an optional key prefix. Every object sigcal writes carries its mark as
 * metadata: `x-amz-meta-sha256` (the body's hash), `x-amz-meta-sigcal-run` (the run that wrote it) and
 * `x-amz-meta-sigcal-site` (the prefix it was written for), so an object someone else put there, or
 * another sigcal site's object under a nested prefix, is never taken for this site's.
 */
export class S3Store implements SiteStore {
  readonly bucket: string;
  readonly prefix: string;
  readonly description: string;
  readonly keepsMarks = true;
  readonly concurrency = 8;
  private readonly client: S3Client;
  /** The mark's site: the prefix, "/"-led and percent-encoded so it is always a valid header value. */
  private readonly site: string;

  constructor(client: S3Client, bucket: string, prefix?: string) {
    this.client = client;
    this.bucket = bucket;
    this.prefix = normalisePrefix(prefix);
    this.description = `s3://${bucket}/${this.prefix}`;
    this.site = encodeURI(`/${this.prefix}`);
  }

  async get(path: string): Promise<StoredBody | null> {
    const key = this.key(path);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const body = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
      return { body, etag: out.ETag ?? '' };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw this.failure('GET', path, error);
    }
  }

  async head(path: string): Promise<StoredObjectInfo | null> {
    const key = this.key(path);
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      const metadata = out.Metadata ?? {};
      return {
        sha256: metadata.sha256 ?? null,
        contentType: out.ContentType ?? '',
        cacheControl: out.CacheControl ?? '',
        etag: out.ETag ?? '',
        writtenBy: metadata[MARK_SITE] === this.site ? (metadata[MARK_RUN] ?? null) : null,
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw this.failure('HEAD', path, error);
    }
  }

  async put(path: string, object: StoredObject, options: PutOptions = {}): Promise<string> {
    const key = this.key(path);
    const condition = options.condition;
    try {
      const out = await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: bodyBytes(object.body),
          ContentType: object.contentType,
          CacheControl: object.cacheControl,
          ...(object.contentEncoding ? { ContentEncoding: object.contentEncoding } : {}),
          Metadata: {
            sha256: object.sha256,
            ...(options.run ? { [MARK_RUN]: options.run, [MARK_SITE]: this.site } : {}),
          },
          ...(condition === undefined
            ? {}
            : 'ifAbsent' in condition
              ? { IfNoneMatch: '*' }
              : { IfMatch: condition.ifMatch }),
        }),
      );
      return out.ETag ?? '';
    } catch (error) {
      const failed = conditionFailure(error);
      if (failed === null) throw this.failure('PUT', path, error);
      // A retried request whose first attempt was applied but not answered finds its own object: done.
      if (options.run && attempts(error) > 1) {
        const now = await this.head(path);
        if (now && now.writtenBy === options.run && now.sha256 === object.sha256) return now.etag;
      }
      throw new ConditionFailedError(
        `PUT s3://${this.bucket}/${key}: ${failed === 'conflict' ? 'another write to it was under way' : 'the object is not the one expected'} (${describe(error)})`,
        path,
        failed,
        { cause: error },
      );
    }
  }

  async delete(path: string, options: DeleteOptions = {}): Promise<void> {
    const key = this.key(path);
    try {
      await this.client.send(
        new DeleteObjectCommand({
          Bucket: this.bucket,
          Key: key,
          ...(options.ifMatch === undefined ? {} : { IfMatch: options.ifMatch }),
        }),
      );
    } catch (error) {
      if (isNotFound(error)) return;
      // An S3-compatible store without conditional deletes: the caller looked at the object just before.
      if (options.ifMatch !== undefined && (error as SdkError).$metadata?.httpStatusCode === 501) {
        return this.delete(path);
      }
      const failed = conditionFailure(error);
      if (failed === null) throw this.failure('DELETE', path, error);
      // Retried after an attempt that was applied: the object is gone, as asked.
      if (attempts(error) > 1 && (await this.head(path)) === null) return;
      throw new ConditionFailedError(
        `DELETE s3://${this.bucket}/${key}: the object is not the one expected (${describe(error)})`,
        path,
        failed,
        { cause: error },
      );
    }
  }

  private key(path: string): string {
    assertSitePath(path);
    return `${this.prefix}${path}`;
  }

  private failure(operation: string, path: string, error: unknown): StoreError {
    return new StoreError(
      `${operation} s3://${this.bucket}/${this.prefix}${path} failed: ${describe(error)}`,
      path,
      {
        cause: error,
      },
    );
  }
}

/** The metadata keys of sigcal's mark (sent as `x-amz-meta-…`). */
const MARK_RUN = 'sigcal-run';
const MARK_SITE = 'sigcal-site';

type SdkError = { name?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };

/** A missing object (not a missing bucket, which must fail loudly). HEAD has no body, so 404 is all it says. */
function isNotFound(error: unknown): boolean {
  const e = error as SdkError;
  if (e.name === 'NoSuchBucket') return false;
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/**
 * A conditional request that S3 refused: 412 PreconditionFailed, or 409 ConditionalRequestConflict
 * (another write finished while it was under way). A 404 to a PUT with `If-Match` means the object is
 * gone, which is a failed precondition too.
 */
function conditionFailure(error: unknown): 'precondition' | 'conflict' | null {
  const e = error as SdkError;
  const status = e.$metadata?.httpStatusCode;
  if (status === 409 || e.name === 'ConditionalRequestConflict') return 'conflict';
  if (status === 412 || e.name === 'PreconditionFailed') return 'precondition';
  if (e.name === 'NoSuchKey') return 'precondition';
  return null;
}

/** How many times the SDK sent the request (retries included). */
function attempts(error: unknown): number {
  return (error as SdkError).$metadata?.attempts ?? 1;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
