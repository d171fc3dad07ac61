// Runs s3rver in its own process, so the tests' event loop never delays its answers (and its
// timeouts stay meaningful). Prints the port on stdout once listening.
import S3rver from 's3rver';

const directory = process.argv[2];
const server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true });
const { port } = await server.run();
process.stdout.write(`${port}\n`);
process.on('SIGTERM', () => {
  server.close().finally(() => process.exit(0));
});
