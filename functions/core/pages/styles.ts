/**
 * The site's one stylesheet (served as `assets/sigcal.css`; no inline styles, so `style-src 'self'`
 * holds). Light and dark palettes keep text at WCAG AA contrast or better; tables scroll sideways on
 * narrow screens instead of squeezing times onto two lines.
 */
export const STYLESHEET = `:root {
  color-scheme: light dark;
  --bg: #ffffff;
  --fg: #1b1f24;
  --muted: #545d68;
  --line: #d0d7de;
  --panel: #f6f8fa;
  --link: #0a55c6;
  --focus: #0a55c6;
  --head-bg: #13395e;
  --head-fg: #ffffff;
  --head-link: #ffffff;
  --cancel-bg: #ffebe9;
  --cancel-fg: #9a0f23;
  --warn-bg: #fff4c2;
  --warn-fg: #5c4100;
  --info-bg: #ddf4ff;
  --info-fg: #0a3069;
  --extra-bg: #dafbe1;
  --extra-fg: #0f5323;
}

@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1419;
    --fg: #e6edf3;
    --muted: #a3adb8;
    --line: #3a434d;
    --panel: #171e26;
    --link: #8cc2ff;
    --focus: #8cc2ff;
    --head-bg: #0a2138;
    --head-fg: #e6edf3;
    --head-link: #e6edf3;
    --cancel-bg: #45151b;
    --cancel-fg: #ffc1c6;
    --warn-bg: #3b2f05;
    --warn-fg: #f5d77a;
    --info-bg: #0d2b52;
    --info-fg: #cfe6ff;
    --extra-bg: #0f2d1a;
    --extra-fg: #aff5b4;
  }
}

*,
*::before,
*::after {
  box-sizing: border-box;
}

[hidden] {
  display: none !important;
}

html {
  -webkit-text-size-adjust: 100%;
  text-size-adjust: 100%;
}

body {
  margin: 0;
  background: var(--bg);
  color: var(--fg);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "Liberation Sans", sans-serif;
  font-size: 1rem;
  line-height: 1.5;
}

a {
  color: var(--link);
  text-underline-offset: 0.15em;
}

a:hover {
  text-decoration-thickness: 2px;
}

:focus-visible {
  outline: 3px solid var(--focus);
  outline-offset: 2px;
  border-radius: 2px;
}

.wrap {
  max-width: 64rem;
  margin: 0 auto;
  padding: 0 1rem;
}

.skip-link {
  position: absolute;
  left: 0.5rem;
  top: -3rem;
  z-index: 10;
  padding: 0.5rem 0.75rem;
  background: var(--bg);
  color: var(--link);
}

.skip-link:focus {
  top: 0.5rem;
}

.visually-hidden {
  position: absolute !important;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  clip-path: inset(50%);
  white-space: nowrap;
}

.site-header {
  background: var(--head-bg);
  color: var(--head-fg);
  padding: 0.75rem 0;
}

.site-header .wrap {
  display: flex;
  flex-wrap: wrap;
  align-items: baseline;
  gap: 0.25rem 1.5rem;
}

.site-name {
  color: var(--head-link);
  font-weight: 700;
  font-size: 1.125rem;
  text-decoration: none;
}

.site-header a {
  color: var(--head-link);
}

.site-header :focus-visible {
  outline-color: var(--head-fg);
}

.breadcrumbs {
  display: flex;
  flex-wrap: wrap;
  gap: 0.25rem;
  margin: 0;
  padding: 0;
  list-style: none;
  font-size: 0.9375rem;
}

.breadcrumbs li + li::before {
  content: "›";
  margin-right: 0.25rem;
}

.sections {
  gap: 0.25rem 1rem;
}

.sections li + li::before {
  content: none;
}

main.wrap {
  padding-top: 1.25rem;
  padding-bottom: 2.5rem;
}

h1 {
  font-size: 1.75rem;
  line-height: 1.25;
  margin: 0.5rem 0 0.5rem;
}

h2 {
  font-size: 1.375rem;
  line-height: 1.3;
  margin: 2rem 0 0.75rem;
  padding-bottom: 0.25rem;
  border-bottom: 1px solid var(--line);
}

h3 {
  font-size: 1.125rem;
  margin: 1.5rem 0 0.5rem;
}

h4 {
  font-size: 1rem;
  margin: 0 0 0.25rem;
}

.lede {
  font-size: 1.125rem;
  color: var(--muted);
  margin-top: 0;
}

.muted,
.fine {
  color: var(--muted);
}

.fine {
  font-size: 0.875rem;
}

code {
  font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace;
  font-size: 0.875em;
  overflow-wrap: anywhere;
}

pre {
  margin: 0.5rem 0;
  padding: 0.5rem 0.75rem;
  overflow-x: auto;
  background: var(--bg);
  color: var(--fg);
  border: 1px solid var(--line);
  border-radius: 6px;
}

.facts {
  display: grid;
  grid-template-columns: max-content 1fr;
  gap: 0.375rem 1rem;
  margin: 0;
}

.facts dt {
  font-weight: 600;
}

.facts dd {
  margin: 0;
}

.zone-bar {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.5rem 0.75rem;
  margin: 1rem 0;
  padding: 0.75rem 1rem;
  background: var(--panel);
  border: 1px solid var(--line);
  border-radius: 6px;
}

.zone-bar label {
  font-weight: 600;
}

select,
button {
  font: inherit;
  color: var(--fg);
  background: var(--bg);
  border: 1px solid var(--muted);
  border-radius: 4px;
  padding: 0.375rem 0.5rem;
  max-width: 100%;
}

button {
  cursor: pointer;
  background: var(--panel);
}

.tz-status {
  flex-basis: 100%;
  margin: 0;
  font-size: 0.9375rem;
}

.tz-status:empty {
  display: none;
}

.callout {
  padding: 0.75rem 1rem;
  border-radius: 6px;
  border-left: 4px solid currentColor;
  background: var(--info-bg);
  color: var(--info-fg);
}

.callout.warn {
  background: var(--warn-bg);
  color: var(--warn-fg);
}

.callout a {
  color: inherit;
}

.badge {
  display: inline-block;
  padding: 0 0.5rem;
  border-radius: 999px;
  font-size: 0.8125rem;
  font-weight: 600;
  line-height: 1.6;
  white-space: nowrap;
}

.badge-cancelled {
  background: var(--cancel-bg);
  color: var(--cancel-fg);
}

.badge-warn {
  background: var(--warn-bg);
  color: var(--warn-fg);
}

.badge-shift,
.badge-moved {
  background: var(--info-bg);
  color: var(--info-fg);
}

.badge-extra {
  background: var(--extra-bg);
  color: var(--extra-fg);
}

.table-scroll {
  overflow-x: auto;
  margin: 0.75rem 0;
  border: 1px solid var(--line);
  border-radius: 6px;
}

table {
  border-collapse: collapse;
  width: 100%;
}

th,
td {
  text-align: left;
  vertical-align: top;
  padding: 0.5rem 0.75rem;
  border-bottom: 1px solid var(--line);
}

tbody tr:last-child > * {
  border-bottom: 0;
}

thead th {
  background: var(--panel);
  font-size: 0.875rem;
  font-weight: 600;
  white-space: nowrap;
}

.times td,
.times th[scope="row"] {
  white-space: nowrap;
}

/* "Moved from …" goes under its badge and may wrap, so the note column stays narrow. */
.times .moved-from {
  display: block;
  white-space: normal;
  font-size: 0.875rem;
}

.times.conversion td,
.times.zones td {
  white-space: normal;
  min-width: 6.5rem;
  font-size: 0.9375rem;
}

.offset {
  color: var(--muted);
  font-size: 0.8125rem;
}

tr.cancelled time {
  text-decoration: line-through;
}

.viewer {
  font-weight: 600;
}

.link-list {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem 1.25rem;
  margin: 0.5rem 0;
  padding: 0;
  list-style: none;
}

.subscribe {
  margin: 0.75rem 0 1.25rem;
}

.subscribe h3 {
  margin-top: 0.75rem;
}

.feed-url {
  margin: 0.25rem 0;
}

.cards {
  list-style: none;
  margin: 0;
  padding: 0;
  display: grid;
  gap: 0.75rem;
}

.card {
  padding: 0.75rem 1rem;
  border: 1px solid var(--line);
  border-radius: 6px;
}

.card h3,
.card h4 {
  margin-top: 0;
}

.card p {
  margin: 0.25rem 0;
}

.group-list {
  list-style: none;
  margin: 0;
  padding: 0;
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr));
  gap: 0.75rem;
}

.group-list li {
  padding: 0.75rem 1rem;
  border: 1px solid var(--line);
  border-radius: 6px;
}

.group-list a {
  font-weight: 600;
}

.group-list p {
  margin: 0.25rem 0 0;
}

.people {
  margin: 0;
  padding-left: 1.25rem;
}

.site-footer {
  border-top: 1px solid var(--line);
  padding: 1rem 0 2rem;
  color: var(--muted);
  font-size: 0.875rem;
}

@media (max-width: 40rem) {
  h1 {
    font-size: 1.5rem;
  }

  th,
  td {
    padding: 0.375rem 0.5rem;
  }

  .facts {
    grid-template-columns: 1fr;
    gap: 0 1rem;
  }

  .facts dd {
    margin-bottom: 0.5rem;
  }

  /* Narrow screens: each row of a stacked table becomes a small block, labelled from data-label. */
  table.stack,
  table.stack tbody,
  table.stack tr,
  table.stack td {
    display: block;
  }

  table.stack thead {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }

  table.stack tr {
    padding: 0.5rem 0.75rem;
    border-bottom: 1px solid var(--line);
  }

  table.stack tbody tr:last-child {
    border-bottom: 0;
  }

  table.stack td {
    border: 0;
    padding: 0.0625rem 0;
    white-space: normal;
  }

  table.stack td:first-child {
    font-weight: 600;
  }

  table.stack td[data-label]::before {
    content: attr(data-label) ": ";
    color: var(--muted);
    font-size: 0.875rem;
  }
}

@media print {
  .zone-bar,
  .skip-link {
    display: none;
  }
}
`;
