#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx, so `npm ci` is the only install step.
import { register } from 'tsx/esm/api';

// sigcal supports Node.js 20; the AWS SDK's notice about its future Node.js 22 requirement is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

register();
const { main } = await import('../functions/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
