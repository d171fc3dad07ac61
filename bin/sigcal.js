#!/usr/bin/env node
// The `sigcal` command: the CLI compiled to JavaScript by `npm run build:cli` (bin/build-cli.mjs).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/sigcal.mjs', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'sigcal: the CLI is not built; run `npm run build:cli` (npm start and npm test do it)\n',
  );
  process.exit(1);
}
await import(entry.href);
