import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownBlocks, markdownText } from '../../functions/core/pages/markdown.ts';
import { pageProblems } from '../support/site-checks.ts';

/** Mission statements' Markdown: links, emphasis and code become markup; nothing else does. */
const md = (text: string) => markdownBlocks(text).toString();

describe('Markdown in mission statements', () => {
  it.each([
    ['**strong** and __strong__', '<p><strong>strong</strong> and <strong>strong</strong></p>'],
    [
      '*em* and _em_, but snake_case_name stays',
      '<p><em>em</em> and <em>em</em>, but snake_case_name stays</p>',
    ],
    ['***both***', '<p><strong><em>both</em></strong></p>'],
    ['`kubectl apply` and `` a`b ``', '<p><code>kubectl apply</code> and <code>a`b</code></p>'],
    [
      'See [KEPs](https://github.com/kubernetes/enhancements) and <https://k8s.io/docs?a=1&b=2>.',
      '<p>See <a href="https://github.com/kubernetes/enhancements" rel="noopener noreferrer">KEPs</a> and <a href="https://k8s.io/docs?a=1&amp;b=2" rel="noopener noreferrer">https://k8s.io/docs?a=1&amp;b=2</a>.</p>',
    ],
    [
      '[Go](https://en.wikipedia.org/wiki/Go_(game)) with [*emphasis*](http://example.org)',
      '<p><a href="https://en.wikipedia.org/wiki/Go_(game)" rel="noopener noreferrer">Go</a> with <a href="http://example.org/" rel="noopener noreferrer"><em>emphasis</em></a></p>',
    ],
    ['- one\n- two *2*', '<ul>\n<li>one</li>\n<li>two <em>2</em></li>\n</ul>'],
    ['First.\n\nSecond\nline.', '<p>First.</p>\n<p>Second\nline.</p>'],
    ['\\*not em\\* and *unclosed', '<p>*not em* and *unclosed</p>'],
  ])('%j', (text, expected) => {
    expect(md(text)).toBe(expected);
  });

  it.each([
    ['[click](javascript:alert(1))', '<p>click</p>'],
    [
      '[data](data:text/html,<script>alert(1)</script>)',
      '<p>[data](data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;)</p>',
    ],
    ['[rel](/relative/path) [proto](//evil.example)', '<p>rel proto</p>'],
    [
      '<script>alert(1)</script><img src=x onerror=alert(1)>',
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</p>',
    ],
    ['<javascript:alert(1)>', '<p>&lt;javascript:alert(1)&gt;</p>'],
    [
      '![image](https://example.org/x.png) # heading',
      '<p>!<a href="https://example.org/x.png" rel="noopener noreferrer">image</a> # heading</p>',
    ],
    [
      '[x](https://example.org/" onmouseover="alert(1))',
      '<p>[x](https://example.org/&quot; onmouseover=&quot;alert(1))</p>',
    ],
  ])('makes no link but http(s), and no other markup: %j', (text, expected) => {
    expect(md(text)).toBe(expected);
  });

  it('gives the plain text for one-line summaries', () => {
    expect(markdownText('Covers **all** of `kubectl` and [KEPs](https://x.org) _here_.')).toBe(
      'Covers all of kubectl and KEPs here.',
    );
  });

  it('makes only well-formed, inert markup from any text', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            '*',
            '_',
            '`',
            '[',
            ']',
            '(',
            ')',
            '<',
            '>',
            '\\',
            'a',
            ' ',
            '\n',
            'https://x.org',
            'javascript:',
            '"',
            '&',
          ),
          { maxLength: 60 },
        ),
        (parts) => {
          const body = md(parts.join(''));
          const page = `<!DOCTYPE html>\n<html lang="en">\n<body>${body}<script src="assets/sigcal.js?v=0" defer></script></body></html>`;
          expect(pageProblems('x.html', page)).toEqual([]);
          for (const href of body.matchAll(/href="([^"]*)"/g)) expect(href[1]).toMatch(/^https?:\/\//);
        },
      ),
      { numRuns: 500 },
    );
  });
});
