/**
 * The `sigcal` executable's entry point, compiled to dist/ by bin/build-cli.mjs: runs one command with
 * the process's arguments and sets the exit code.
 */
import { main } from './main.ts';

// sigcal supports Node.js 20; the AWS SDK's notice about its future Node.js 22 requirement is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// A reader that stops early (`sigcal validate | head`) closes the pipe: that ends the output, not in a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
process.exitCode = await main(process.argv.slice(2));
