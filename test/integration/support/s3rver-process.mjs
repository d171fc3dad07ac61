// Runs s3rver in its own process, so the tests' event loop never delays its answers (and its
// timeouts stay meaningful), behind the layer that gives it S3's conditional writes (which s3rver
// lacks; see conditional-writes.mjs). Prints the layer's port on stdout once listening.
import S3rver from 's3rver';
import { startConditionalWrites } from './conditional-writes.mjs';

const directory = process.argv[2];
const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true });
const { port } = await server.run();
const layer = await startConditionalWrites(port, directory);
process.stdout.write(`${layer.port}\n`);
process.on('SIGTERM', () => {
  Promise.all([layer.close(), server.close()]).finally(() => process.exit(0));
});
