/**
 * Publishing against a real S3-protocol server (s3rver on loopback): requests and bytes sent for a
 * first publish, an immediate no-op republish, and a one-meeting change. Prints one JSON line.
 */

import { MANIFEST } from '../functions/core/site-contract.ts';
import { buildSite } from '../functions/pipeline/build.ts';
import { parseManifest } from '../functions/pipeline/manifest.ts';
import { buildInput } from '../functions/pipeline/pipeline.ts';
import { S3Store } from '../functions/store/s3-store.ts';
import { syncSite } from '../functions/store/sync.ts';
import { startS3 } from '../test/integration/support/s3.ts';
import { syntheticSigsYaml } from '../test/support/synthetic.ts';

const s3 = await startS3();
try {
  const client = s3.client();
  const counted = { requests: 0, writes: 0, deletes: 0, bytesSent: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      counted.requests += 1;
      if (context.commandName === 'PutObjectCommand') counted.writes += 1;
      if (context.commandName === 'DeleteObjectCommand' || context.commandName === 'DeleteObjectsCommand') {
        counted.deletes += 1;
      }
      const body = (args.request as { body?: unknown }).body;
      if (body instanceof Uint8Array) counted.bytesSent += body.byteLength;
      else if (typeof body === 'string') counted.bytesSent += Buffer.byteLength(body);
      return next(args);
    },
    { step: 'finalizeRequest', name: 'sigcalBenchCounter' },
  );
  await s3.createBucket('bench');
  const store = new S3Store(client, 'bench');
  const now = new Date('2026-11-30T12:00:00Z');
  const publish = async (text: string) => {
    const previous = parseManifest((await store.get(MANIFEST))?.body ?? null);
    const input = buildInput({ now, siteUrl: 'https://meetings.example.org/' });
    const built = buildSite(input({ source: { file: 'sigs.yaml', text } }, previous));
    Object.assign(counted, { requests: 0, writes: 0, deletes: 0, bytesSent: 0 });
    const started = performance.now();
    const { summary } = await syncSite(built.site, store);
    return { ...counted, ms: performance.now() - started, objects: built.site.size, ...summary };
  };
  const text = syntheticSigsYaml(100, 3);
  const first = await publish(text);
  const noop = await publish(text);
  const changed = await publish(text.replace('time: "07:00"', 'time: "07:15"'));
  process.stdout.write(`${JSON.stringify({ first, noop, changed })}\n`);
} finally {
  await s3.close();
}
