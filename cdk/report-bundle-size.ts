/**
 * Reports the size of every Lambda code asset in a synthesized cloud assembly: each file, the unpacked
 * total and the zipped size CloudFormation will upload, against Lambda's limits.
 * Usage (after `cdk synth`): `tsx cdk/report-bundle-size.ts [cdk.out]`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';

const ZIPPED_LIMIT = 50 * 1024 * 1024;
const UNPACKED_LIMIT = 250 * 1024 * 1024;

interface TemplateResource {
  readonly Type: string;
  readonly Properties?: {
    readonly Code?: { readonly S3Key?: unknown };
    readonly Runtime?: unknown;
    readonly Architectures?: unknown;
  };
  readonly Metadata?: { readonly 'aws:cdk:path'?: unknown };
}

interface FileSize {
  readonly name: string;
  readonly bytes: number;
  readonly deflated: number;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

function filesIn(directory: string, prefix = ''): FileSize[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return filesIn(path, `${prefix}${entry.name}/`);
    const body = readFileSync(path);
    return [
      { name: `${prefix}${entry.name}`, bytes: body.byteLength, deflated: deflateRawSync(body).byteLength },
    ];
  });
}

function main(outdir: string): number {
  const templates = readdirSync(outdir).filter((name) => name.endsWith('.template.json'));
  let reported = 0;
  for (const templateName of templates) {
    const template = JSON.parse(readFileSync(join(outdir, templateName), 'utf8')) as {
      Resources?: Record<string, TemplateResource>;
    };
    for (const [id, resource] of Object.entries(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const key = resource.Properties?.Code?.S3Key;
      if (typeof key !== 'string' || !key.endsWith('.zip')) continue;
      const assetDir = join(outdir, `asset.${key.slice(0, -'.zip'.length)}`);
      if (!statSync(assetDir, { throwIfNoEntry: false })?.isDirectory()) continue;
      const files = filesIn(assetDir).sort((a, b) => b.bytes - a.bytes);
      const unpacked = files.reduce((sum, f) => sum + f.bytes, 0);
      // Deflated bodies plus zip headers (about 100 bytes per file) approximate the uploaded archive.
      const zipped = files.reduce((sum, f) => sum + f.deflated + 100 + 2 * f.name.length, 22);
      const path =
        typeof resource.Metadata?.['aws:cdk:path'] === 'string' ? resource.Metadata['aws:cdk:path'] : id;
      const runtime = [resource.Properties?.Runtime, resource.Properties?.Architectures]
        .flat()
        .filter(Boolean);
      console.log(`${path} (${runtime.join(', ')})`);
      for (const f of files) console.log(`  ${f.name.padEnd(24)} ${formatBytes(f.bytes).padStart(11)}`);
      console.log(
        `  ${'total'.padEnd(24)} ${formatBytes(unpacked).padStart(11)} unpacked, ~${formatBytes(zipped)} zipped ` +
          `(Lambda limits: ${formatBytes(ZIPPED_LIMIT)} zipped, ${formatBytes(UNPACKED_LIMIT)} unpacked)`,
      );
      if (zipped > ZIPPED_LIMIT || unpacked > UNPACKED_LIMIT) {
        console.error(`  ${path} is over a Lambda deployment package limit`);
        return 1;
      }
      reported++;
    }
  }
  if (reported === 0) {
    console.error(`no bundled Lambda code found in ${outdir}: run cdk synth first`);
    return 1;
  }
  return 0;
}

process.exitCode = main(process.argv[2] ?? 'cdk.out');
