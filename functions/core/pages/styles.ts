/**
 * The site's one stylesheet (served as `assets/sigcal.css`; no inline styles, so `style-src 'self'`
 * holds: the script places week-view blocks through the CSSOM, which CSP allows). Light and dark
 * palettes keep text at WCAG AA contrast or better. No page scrolls sideways at any width from 320 px:
 * long URLs and names wrap, tables become lists on phones, and the week view becomes a day list.
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
  --now-bg: #0f5323;
  --now-fg: #ffffff;
  --block-bg: #ddf4ff;
  --block-line: #0a55c6;
  --past-fg: #6e7781;
  --tag-bg: #eef1f4;
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
    --now-bg: #aff5b4;
    --now-fg: #0f1419;
    --block-bg: #0d2b52;
    --block-line: #8cc2ff;
    --past-fg: #9aa4ae;
    --tag-bg: #222b35;
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
  /* Long URLs, e-mail addresses and names wrap instead of widening the page. */
  overflow-wrap: anywhere;
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
  grid-template-columns: max-content minmax(0, 1fr);
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
  margin-right: 0.5rem;
}

.zone-find,
.zone-pick {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.25rem;
  min-width: 0;
}

input[type="search"] {
  font: inherit;
  color: var(--fg);
  background: var(--bg);
  border: 1px solid var(--muted);
  border-radius: 4px;
  padding: 0.375rem 0.5rem;
  width: min(16rem, 100%);
}

button[aria-pressed="true"] {
  background: var(--info-bg);
  color: var(--info-fg);
  border-color: var(--block-line);
}

button:disabled {
  cursor: default;
  opacity: 0.6;
}

select {
  min-width: 0;
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
}

.times td,
.times th[scope="row"] {
  overflow-wrap: normal;
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
  grid-template-columns: repeat(auto-fill, minmax(min(17rem, 100%), 1fr));
  gap: 0.75rem;
}

.group-list li {
  padding: 0.75rem 1rem;
  border: 1px solid var(--line);
  border-radius: 6px;
}

/* Meeting links read as the thing itself; group links as a tag naming where it belongs. */
.meeting-link {
  font-weight: 600;
}

.group-link {
  display: inline-block;
  padding: 0 0.5rem;
  border: 1px solid var(--line);
  border-radius: 4px;
  background: var(--tag-bg);
  font-size: 0.875rem;
  text-decoration: none;
}

.group-link:hover {
  text-decoration: underline;
}

.lede .group-link {
  font-size: inherit;
}

.group-list .group-link {
  font-size: 1rem;
  font-weight: 600;
}

.prose p,
.prose ul {
  margin: 0.25rem 0 0.5rem;
}

.answer {
  margin: 1rem 0;
  padding: 0.75rem 1rem;
  border: 1px solid var(--line);
  border-left: 4px solid var(--block-line);
  border-radius: 6px;
}

.answer h2 {
  margin: 0 0 0.25rem;
  border: 0;
  padding: 0;
  font-size: 1.125rem;
}

.next-when {
  font-size: 1.125rem;
  margin: 0.25rem 0;
}

.join {
  margin: 0.5rem 0 0;
}

a.button {
  display: inline-block;
  padding: 0.375rem 0.875rem;
  border-radius: 4px;
  background: var(--link);
  color: var(--bg);
  font-weight: 600;
  text-decoration: none;
}

a.button:hover {
  text-decoration: underline;
}

.countdown {
  display: inline-block;
  padding: 0 0.5rem;
  border-radius: 999px;
  font-size: 0.8125rem;
  font-weight: 600;
  background: var(--info-bg);
  color: var(--info-fg);
  white-space: nowrap;
}

.countdown.is-now {
  background: var(--now-bg);
  color: var(--now-fg);
}

.add-links {
  white-space: nowrap;
}

.finder {
  display: grid;
  grid-template-columns: minmax(0, 1fr);
  gap: 0.5rem;
  margin: 1rem 0;
}

.search {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.25rem 0.5rem;
}

.search label {
  font-weight: 600;
}

.search input {
  width: min(22rem, 100%);
}

.group-chooser summary {
  cursor: pointer;
  font-weight: 600;
}

.group-chooser fieldset {
  margin: 0.5rem 0;
  border: 1px solid var(--line);
  border-radius: 6px;
  min-width: 0;
}

.choices {
  list-style: none;
  margin: 0;
  padding: 0;
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(min(14rem, 100%), 1fr));
  gap: 0.125rem 1rem;
}

.chooser-actions {
  margin: 0 0 0.5rem;
}

.found-list,
.day-list {
  list-style: none;
  margin: 0.25rem 0 0.75rem;
  padding: 0;
}

.found-list li,
.day-list li {
  padding: 0.375rem 0;
  border-bottom: 1px solid var(--line);
}

.found-list p {
  margin: 0.125rem 0 0;
}

.day h3 {
  font-size: 1rem;
  margin: 1rem 0 0.25rem;
}

.day-time {
  display: inline-block;
  min-width: 8.5rem;
  font-variant-numeric: tabular-nums;
}

.past,
.past a {
  color: var(--past-fg);
}

.ended {
  font-size: 0.875rem;
}

/* The week view: days × hours; the script places each block (top, height, lane) through the CSSOM. */
.week-nav {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: 0.5rem;
}

.week-nav h3 {
  margin: 0.5rem 0;
}

.week-buttons {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem;
}

.week-grid {
  display: grid;
  grid-template-columns: 3.75rem repeat(7, minmax(0, 1fr));
  grid-template-rows: auto;
  margin: 0.75rem 0;
  border: 1px solid var(--line);
  border-radius: 6px;
}

.week-hours {
  position: relative;
  margin-top: 3.25rem;
  font-size: 0.75rem;
  color: var(--muted);
}

.week-hours span {
  position: absolute;
  right: 0.375rem;
  transform: translateY(-0.5em);
  white-space: nowrap;
}

.week-day {
  min-width: 0;
  border-left: 1px solid var(--line);
}

.week-day.today {
  background: var(--panel);
}

.week-day h4 {
  height: 3.25rem;
  margin: 0;
  padding: 0.25rem;
  font-size: 0.8125rem;
  text-align: center;
  border-bottom: 1px solid var(--line);
  overflow: hidden;
}

.week-weekday {
  display: block;
}

.week-date {
  display: block;
  font-weight: 400;
}

.week-blocks {
  position: relative;
  list-style: none;
  margin: 0;
  padding: 0;
}

.week-block {
  position: absolute;
  box-sizing: border-box;
  overflow: hidden;
  padding: 0.125rem 0.25rem;
  border: 1px solid var(--bg);
  border-left: 3px solid var(--block-line);
  border-radius: 4px;
  background: var(--block-bg);
  font-size: 0.75rem;
  line-height: 1.25;
}

.week-block a {
  color: var(--info-fg);
  text-decoration: none;
}

.week-block a:hover,
.week-block a:focus-visible {
  text-decoration: underline;
}

.week-block.past {
  opacity: 0.7;
  background: var(--panel);
  border-left-color: var(--line);
}

.week-block.past a {
  color: var(--past-fg);
}

.week-block.cancelled .week-title {
  text-decoration: line-through;
}

.week-block.now {
  border-left-color: var(--now-bg);
}

.week-time {
  display: block;
  font-weight: 400;
}

.week-title {
  display: block;
}

.week-block .badge {
  font-size: 0.6875rem;
}

.week-empty {
  margin: 0;
  padding: 0.5rem 0.25rem;
  font-size: 0.75rem;
  color: var(--muted);
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

/* Below a tablet's width the week view is a list of days, each with its meetings in time order. */
@media (max-width: 48rem) {
  .week-grid {
    display: block;
    border: 0;
  }

  .week-hours {
    display: none;
  }

  .week-day {
    border-left: 0;
  }

  .week-day h4 {
    height: auto;
    text-align: left;
    font-size: 1rem;
    padding: 0.75rem 0 0.25rem;
  }

  .week-weekday,
  .week-date {
    display: inline;
  }

  .week-day.today {
    background: none;
  }

  .week-blocks {
    height: auto !important;
  }

  .week-block {
    position: static !important;
    width: auto !important;
    height: auto !important;
    margin: 0.25rem 0;
    font-size: 0.9375rem;
  }

  .week-time,
  .week-title {
    display: inline;
  }
}

@media (max-width: 40rem) {
  h1 {
    font-size: 1.5rem;
  }

  .day-time {
    display: block;
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

  table.stack td:empty {
    display: none;
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
