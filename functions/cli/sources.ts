import type { S3Client } from '@aws-sdk/client-s3';
import type { BuildSources } from '../pipeline/build.ts';
import type { PipelineRequest } from '../pipeline/pipeline.ts';
import { MemorySourceCache } from '../sources/loaded-source.ts';
import { readSource, type SourceReaders } from '../sources/read-source.ts';
import { parseSourceAddress, type SourceAddress, SourceAddressError } from '../sources/source-address.ts';
import { UsageError } from './args.ts';

/** The `--source`/`--overlay` options every command that reads a sigs.yaml shares. */
export interface SourceValues {
  readonly source?: string | undefined;
  readonly overlay?: string | undefined;
}

export const SOURCE_OPTIONS_HELP = `  --source LOCATION    sigs.yaml to read: a file, s3://bucket/key or https://… (default sigs.yaml)
  --overlay LOCATION   schedule.yaml with schedule extensions, from the same kinds of location
  --allow-private-source
                       let an https:// source (or a redirect) reach loopback, private, link-local
                       or metadata addresses (refused by default)
`;

/** The parseArgs options behind {@link SOURCE_OPTIONS_HELP}. */
export const SOURCE_FLAGS = {
  source: { type: 'string', default: 'sigs.yaml' },
  overlay: { type: 'string' },
  'allow-private-source': { type: 'boolean', default: false },
} as const;

/** `--source` and `--overlay` as source addresses (a file, `s3://…` or `https://…`). */
export function sourceAddresses(values: SourceValues): Pick<PipelineRequest, 'source' | 'overlay'> {
  const overlay = values.overlay === undefined ? null : address('--overlay', values.overlay);
  return {
    source: address('--source', values.source ?? 'sigs.yaml'),
    overlay: overlay ? { location: overlay, required: true } : null,
  };
}

function address(option: string, text: string): SourceAddress {
  try {
    return parseSourceAddress(text, { allowFile: true });
  } catch (error) {
    if (error instanceof SourceAddressError) throw new UsageError(`${option}: ${error.message}`);
    throw error;
  }
}

/** Source readers for a command; an S3 client is made only if an `s3://` source is read. */
export interface CliReaders extends SourceReaders {
  /** Releases the S3 client, if one was made. */
  close(): void;
}

/** Readers for the CLI: `client` when the command already has one (publish), else made on first use. */
export function cliReaders(
  settings: { client?: S3Client; region?: string | undefined; allowPrivateSource?: boolean | undefined } = {},
): CliReaders {
  let client: S3Client | undefined = settings.client;
  const owned = settings.client === undefined;
  return {
    cache: new MemorySourceCache(),
    https: { allowPrivate: settings.allowPrivateSource ?? false },
    s3Client: async () => {
      if (!client) {
        const { createS3Client } = await import('../store/s3-store.ts');
        client = createS3Client(settings.region ? { region: settings.region } : {});
      }
      return client;
    },
    close: () => {
      if (owned) client?.destroy();
    },
  };
}

/** Reads the source and overlay named by the options (for commands that build nothing, e.g. validate). */
export async function readSources(values: SourceValues, readers: SourceReaders): Promise<BuildSources> {
  const { source, overlay } = sourceAddresses(values);
  const text = (await readSource(source, readers)).text;
  if (!overlay) return { source: text };
  return { source: text, overlay: (await readSource(overlay.location, readers)).text };
}
