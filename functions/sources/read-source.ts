import type { S3Client } from '@aws-sdk/client-s3';
import { readBundledSource } from './bundled-source.ts';
import type { HttpsSourceOptions } from './https-source.ts';
import { type LoadedSource, loaded, type SourceCache, unreadable } from './loaded-source.ts';
import { readLocalSource } from './local-source.ts';
import type { SourceAddress } from './source-address.ts';

/** What reading a source may need; each part is only used by the kinds of location that need it. */
export interface SourceReaders {
  /** For `s3://` sources; called only when one is read (so a local build never loads the AWS SDK). */
  readonly s3Client?: () => S3Client | Promise<S3Client>;
  readonly https?: Omit<HttpsSourceOptions, 'cache'>;
  /** Shared by https and S3 sources. */
  readonly cache?: SourceCache;
  readonly maxBytes?: number;
  /** Directories searched for bundled files, in order. */
  readonly bundleDirectories?: readonly (string | URL)[];
}

/** Reads a source from any supported location; failures are one-line SourceErrors. */
export async function readSource(location: SourceAddress, readers: SourceReaders): Promise<LoadedSource> {
  const limits = {
    ...(readers.cache ? { cache: readers.cache } : {}),
    ...(readers.maxBytes !== undefined ? { maxBytes: readers.maxBytes } : {}),
  };
  switch (location.kind) {
    case 'file': {
      const source = await readLocalSource(location.path);
      return loaded(source.file, source.text);
    }
    case 'bundled': {
      const found = await readBundledSource(location.name, readers.bundleDirectories ?? []);
      if (found) return found;
      const where = (readers.bundleDirectories ?? []).map(String).join(', ') || 'no directories';
      throw unreadable(location.name, `not bundled with the function (looked in ${where})`);
    }
    case 's3': {
      if (!readers.s3Client) throw unreadable(`s3://${location.bucket}/${location.key}`, 'no S3 client');
      const { readS3Source } = await import('./s3-source.ts');
      return readS3Source(await readers.s3Client(), location.bucket, location.key, limits);
    }
    case 'https': {
      // Loaded when needed: Node's https, tls and dns modules take longer to load than a small build.
      const { fetchHttpsSource } = await import('./https-source.ts');
      return fetchHttpsSource(location.url, { ...readers.https, ...limits });
    }
  }
}
