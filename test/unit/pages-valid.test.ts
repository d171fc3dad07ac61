import { readFile } from 'node:fs/promises';
import { HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import { buildSite } from '../../functions/pipeline/build.ts';

/**
 * Every page of the shipped sigs.yaml and of the test fixtures is valid HTML by an independent
 * validator (html-validate's recommended rules, which include WCAG checks it can do statically).
 */
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    // Meeting titles are the source's text; a long one is not invalid HTML.
    'long-title': 'off',
  },
});

async function pagesOf(file: string): Promise<[string, string][]> {
  const text = await readFile(file, 'utf8');
  const { site } = buildSite({
    source: { file, text },
    options: {
      now: new Date('2026-11-30T12:00:00Z'),
      stamp: new Date('2026-01-01T00:00:00Z'),
      siteUrl: 'https://meetings.example.org/',
      keepGoing: true,
    },
  });
  return [...site]
    .filter(([path]) => path.endsWith('.html'))
    .map(([path, object]) => [path, new TextDecoder().decode(object.body)]);
}

describe.each([
  'sigs.yaml',
  'test/fixtures/small/sigs.yaml',
  'test/fixtures/pages/sigs.yaml',
  'test/fixtures/kubernetes/sigs.yaml',
])('pages of %s', async (file) => {
  const pages = await pagesOf(file);
  it.each(pages.map(([path]) => path))('%s is valid HTML', async (path) => {
    const html = pages.find(([p]) => p === path)?.[1] ?? '';
    const report = await validator.validateString(html, path);
    const messages = report.results.flatMap((r) =>
      r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`),
    );
    expect(messages).toEqual([]);
  });
});
