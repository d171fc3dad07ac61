import { describe, expect, it } from 'vitest';
import { escapeHtml, Html, html, joinHtml } from '../../functions/core/pages/html.ts';
import { externalHref, isLocalSite, relativeHref, subscribeLinks } from '../../functions/core/pages/links.ts';

describe('escapeHtml', () => {
  it('escapes the five characters that can end text or an attribute value', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('leaves other text, including non-ASCII, as it is', () => {
    expect(escapeHtml('Zürich café — « croissants »')).toBe('Zürich café — « croissants »');
  });
});

describe('html`…`', () => {
  it('escapes every interpolated string and number', () => {
    const name = '<script>alert(1)</script>';
    expect(html`<p title="${name}">${name} ${42}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt; 42</p>',
    );
  });

  it('keeps markup made by html`…` and flattens lists; null, undefined and false render nothing', () => {
    const items = ['a&b', 'c'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}${null}${undefined}${false}</ul>`.toString()).toBe(
      '<ul><li>a&amp;b</li><li>c</li></ul>',
    );
    expect(joinHtml(['<x>', html`<br>`], ', ').toString()).toBe('&lt;x&gt;, <br>');
  });

  it('cannot be forged: Html is only made by this module', () => {
    // The constructor's token is module-private; anything else is rejected at run time.
    const Forge = Html as unknown as new (token: symbol, text: string) => Html;
    expect(() => new Forge(Symbol('trusted markup'), '<script>')).toThrow(TypeError);
  });
});

describe('links', () => {
  it('links between pages relatively, so the site works under any path prefix', () => {
    expect(relativeHref('index.html', 'sig-pm/index.html')).toBe('sig-pm/index.html');
    expect(relativeHref('sig-pm/index.html', 'assets/sigcal.css')).toBe('../assets/sigcal.css');
    expect(relativeHref('sig-pm/regular.html', 'sig-pm/index.html')).toBe('index.html');
    expect(relativeHref('sig-pm/regular.html', 'calendars/sig-pm/regular.ics')).toBe(
      '../calendars/sig-pm/regular.ics',
    );
    expect(relativeHref('index.html', 'calendars/all.ics')).toBe('calendars/all.ics');
  });

  it('builds the five subscribe links from the site URL, prefix included', () => {
    expect(subscribeLinks('https://example.org/community/', 'calendars/sig-pm.ics', 'PM & friends')).toEqual({
      https: 'https://example.org/community/calendars/sig-pm.ics',
      webcal: 'webcal://example.org/community/calendars/sig-pm.ics',
      google:
        'https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fexample.org%2Fcommunity%2Fcalendars%2Fsig-pm.ics',
      outlook:
        'https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fexample.org%2Fcommunity%2Fcalendars%2Fsig-pm.ics&name=PM%20%26%20friends',
      outlookWork:
        'https://outlook.office.com/calendar/0/addfromweb?url=https%3A%2F%2Fexample.org%2Fcommunity%2Fcalendars%2Fsig-pm.ics&name=PM%20%26%20friends',
    });
    expect(subscribeLinks('http://127.0.0.1:8080/', 'calendars/all.ics', 'All').webcal).toBe(
      'webcal://127.0.0.1:8080/calendars/all.ics',
    );
  });

  it('makes hrefs only of absolute http(s) URLs', () => {
    expect(externalHref('https://meet.example.org/x?a=1&b=2')).toBe('https://meet.example.org/x?a=1&b=2');
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,x',
      '//evil.example',
      '/local',
      'mailto:a@b.c',
      '',
    ]) {
      expect(externalHref(bad)).toBeUndefined();
    }
    expect(externalHref(null)).toBeUndefined();
  });

  it('knows when online calendars could not reach the site', () => {
    expect(isLocalSite('http://127.0.0.1:8080/')).toBe(true);
    expect(isLocalSite('http://localhost:8080/')).toBe(true);
    expect(isLocalSite('https://meetings.example.org/')).toBe(false);
  });
});
