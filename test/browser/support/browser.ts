import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { startServer } from '../../../functions/cli/preview-server.ts';
import type { BuiltSite } from '../../../functions/pipeline/build.ts';
import { writeSiteTo } from '../../support/pages-site.ts';

/** Debian's Chromium, never a downloaded browser build; flags keep it quiet and offline. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A built site served on 127.0.0.1 under a path prefix, as it may be in production. */
export interface ServedSite {
  /** Base URL of the site, ending in "/" (`http://127.0.0.1:PORT/community/`). */
  readonly base: string;
  close(): Promise<void>;
}

/**
 * Writes the site into a temp folder below `community/` and serves the folder with sigcal's own
 * preview server, which sends the production Content-Security-Policy.
 */
export async function serveSite(built: BuiltSite): Promise<ServedSite> {
  const root = await mkdtemp(join(tmpdir(), 'sigcal-browser-'));
  await writeSiteTo(built, join(root, 'community'));
  const server = await startServer({ root, host: '127.0.0.1', port: 0 });
  return {
    base: `${server.url}community/`,
    close: async () => {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A page with everything that would be a failure recorded: console errors, CSP, outside requests. */
export interface WatchedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and warnings, uncaught exceptions, CSP violations, failed requests. */
  readonly problems: string[];
  /** Requests to anything but 127.0.0.1 (aborted before they leave). */
  readonly outside: string[];
}

/** Opens a context (time zone, colour scheme, viewport…) that records every problem. */
export async function openWatched(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  const problems: string[] = [];
  const outside: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    outside.push(url.href);
    return route.abort('blockedbyclient');
  });
  // Runs before the page's own script, through DevTools, so it is not itself subject to the CSP.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // ERR_ABORTED is a navigation cancelling what the previous page still loaded (its icon, say); a
    // missing file shows up as an HTTP error status below instead.
    if (
      new URL(request.url()).hostname === '127.0.0.1' &&
      request.failure()?.errorText !== 'net::ERR_ABORTED'
    ) {
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
    }
  });
  page.on('response', async (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    // Without the header the CSP checks above would pass vacuously.
    if (response.request().resourceType() === 'document') {
      const csp = (await response.allHeaders())['content-security-policy'] ?? '';
      if (!csp.includes("script-src 'self'") || !csp.includes("style-src 'self'")) {
        problems.push(`no strict Content-Security-Policy on ${response.url()}: "${csp}"`);
      }
    }
  });
  return { context, page, problems, outside };
}

let axeSource: string | undefined;

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/**
 * Runs axe-core in the page: its violations, and the ids of the rules that passed (to know it looked). It is evaluated through DevTools (like the init script above), so the
 * page's CSP stays strict for the page's own content.
 */
export async function runAxe(page: Page): Promise<{ violations: AxeViolation[]; passed: string[] }> {
  axeSource ??= await readFile('node_modules/axe-core/axe.min.js', 'utf8');
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    interface AxeResults {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
      passes: { id: string }[];
    }
    const axe = (
      window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }
    ).axe;
    const results = await axe.run(document, { resultTypes: ['violations', 'passes'] });
    return {
      violations: results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      })),
      passed: results.passes.map((p) => p.id),
    };
  });
}
