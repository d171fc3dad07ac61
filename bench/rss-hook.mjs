// Loaded with `node --import` into every process the bench times: on exit, writes the process's peak
// resident set size (KiB) to the file named by SIGCAL_BENCH_RSS, so a whole process is measured as a
// user runs it, without a wrapper that would add its own memory.
import { writeFileSync } from 'node:fs';

const file = process.env.SIGCAL_BENCH_RSS;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
