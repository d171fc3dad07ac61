import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SourceError } from '../core/errors.ts';
import {
  DEFAULT_MAX_SOURCE_BYTES,
  decodeSource,
  type LoadedSource,
  loaded,
  missing,
  type SourceCache,
  unreadable,
} from './loaded-source.ts';

export interface S3SourceOptions {
  readonly maxBytes?: number;
  readonly cache?: SourceCache;
}

/** Reads `s3://bucket/key`, conditionally on the cached ETag so an unchanged object costs a 304. */
export async function readS3Source(
  client: S3Client,
  bucket: string,
  key: string,
  options: S3SourceOptions = {},
): Promise<LoadedSource> {
  const file = `s3://${bucket}/${key}`;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  const cached = options.cache?.get(file);
  try {
    const out = await client.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, ...(cached ? { IfNoneMatch: cached.etag } : {}) }),
    );
    if (out.ContentLength !== undefined && out.ContentLength > maxBytes) {
      (out.Body as { destroy?: () => void } | undefined)?.destroy?.();
      throw unreadable(file, `${out.ContentLength} bytes is larger than the limit of ${maxBytes}`);
    }
    const bytes = out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    if (bytes.byteLength > maxBytes) {
      throw unreadable(file, `${bytes.byteLength} bytes is larger than the limit of ${maxBytes}`);
    }
    const text = decodeSource(file, bytes);
    const etag = out.ETag ?? null;
    if (etag && options.cache) options.cache.set(file, { etag, text });
    return loaded(file, text, etag);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 304 && cached) return loaded(file, cached.text, cached.etag, true);
    // The key is not there (a 404 NoSuchKey; a missing bucket is a failure). S3 says so only to a caller
    // allowed s3:ListBucket on the bucket; to anyone else it answers 403, as for a denied read.
    if (status === 404 && (error as { name?: unknown }).name === 'NoSuchKey') {
      throw missing(file, 'no such object', error);
    }
    const why =
      status === 403
        ? 'access denied'
        : error instanceof Error
          ? `${error.name}: ${error.message}`
          : String(error);
    throw unreadable(file, why, error);
  }
}
