/** Where a `sigs.yaml` (or overlay) comes from, as written in `--source` or `SIGCAL_SOURCE`. */
export type SourceAddress =
  | { readonly kind: 'file'; readonly path: string }
  /** A copy shipped next to the Lambda bundle (`sigs.yaml`, `schedule.yaml`). */
  | { readonly kind: 'bundled'; readonly name: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string }
  | { readonly kind: 'https'; readonly url: string };

/** A source setting that names no readable location; the message says which forms are accepted. */
export class SourceAddressError extends Error {
  override readonly name = 'SourceAddressError';
}

export interface ParseAddressOptions {
  /** The file name `bundled` stands for; when absent, `bundled` is not accepted. */
  readonly bundledName?: string;
  /** Whether a local path is accepted (the CLI: yes; the Lambda: no). */
  readonly allowFile: boolean;
}

/**
 * Reads a location: `bundled`, `s3://bucket/key`, `https://host/path`, or a local path.
 * Plain `http://` is refused: a source decides what thousands of calendars say.
 */
export function parseSourceAddress(text: string, options: ParseAddressOptions): SourceAddress {
  const value = text.trim();
  const forms = [
    ...(options.bundledName ? ['"bundled"'] : []),
    's3://bucket/key',
    'https://…',
    ...(options.allowFile ? ['a file path'] : []),
  ].join(', ');
  if (value === '') throw new SourceAddressError(`empty source location (use ${forms})`);
  if (value === 'bundled') {
    if (!options.bundledName) throw new SourceAddressError(`"bundled" is not available here (use ${forms})`);
    return { kind: 'bundled', name: options.bundledName };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === 's3') {
    const match = /^s3:\/\/([^/]+)\/(.+)$/i.exec(value);
    if (!match?.[1] || !match[2]) {
      throw new SourceAddressError(`"${value}" is not an S3 object location (use s3://bucket/key)`);
    }
    return { kind: 's3', bucket: match[1], key: match[2] };
  }
  if (scheme === 'https') {
    let url: URL;
    try {
      url = new URL(value);
    } catch (error) {
      throw new SourceAddressError(`"${value}" is not a URL`, { cause: error });
    }
    if (url.username || url.password) {
      throw new SourceAddressError(`"${value}": credentials in source URLs are not supported`);
    }
    return { kind: 'https', url: url.href };
  }
  if (scheme !== undefined) {
    throw new SourceAddressError(`"${value}": ${scheme}:// sources are not supported (use ${forms})`);
  }
  if (!options.allowFile) throw new SourceAddressError(`"${value}" is not a source location (use ${forms})`);
  return { kind: 'file', path: value };
}

/** The location as a user would write it. */
export function describeAddress(location: SourceAddress): string {
  switch (location.kind) {
    case 'file':
      return location.path;
    case 'bundled':
      return `bundled ${location.name}`;
    case 's3':
      return `s3://${location.bucket}/${location.key}`;
    case 'https':
      return location.url;
  }
}
