import { readFileSync } from 'node:fs';
import { buildSite } from './functions/pipeline/build.ts';
import { launchChromium, openWatched, serveSite } from './test/browser/support/browser.ts';

const file = process.argv[2] ?? 'test/fixtures/pages/sigs.yaml';
const built = buildSite({
  source: { file: 'sigs.yaml', text: readFileSync(file, 'utf8') },
  options: {
    now: new Date('2026-11-30T12:00:00Z'),
    stamp: new Date('2026-01-01T00:00:00Z'),
    siteUrl: 'https://meetings.example.org/',
    keepGoing: true,
  },
});
const site = await serveSite(built);
const browser = await launchChromium();
for (const [name, path, width] of JSON.parse(process.argv[3] ?? '[["index","",1280]]')) {
  const w = await openWatched(browser, { timezoneId: 'Europe/Berlin', viewport: { width, height: 900 } });
  await w.page.clock.install({ time: new Date('2026-12-01T09:00:00Z') });
  await w.page.goto(site.base + path);
  await w.page.waitForTimeout(500);
  await w.page.screenshot({ path: `/tmp/pw/${name}.png`, fullPage: true });
  const sw = await w.page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  console.log(name, sw, w.problems, w.outside);
  await w.context.close();
}
await browser.close();
await site.close();
