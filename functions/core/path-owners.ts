import type { SourceLocation } from './errors.ts';
import {
  ALL_FEED,
  ASSETS_DIR,
  CALENDARS_DIR,
  CSS_PATH,
  groupFeed,
  groupPage,
  ICON_PATH,
  INDEX_PAGE,
  JS_PATH,
  MANIFEST,
  meetingFeed,
  meetingPage,
  STATE_DIR,
} from './site-contract.ts';

/** Who makes a site path: the layout itself, a group or a meeting (with where it is written). */
export interface PathOwner {
  /** `the feed of every meeting`, `the page of group "sig-pm"`… */
  readonly what: string;
  readonly at?: SourceLocation;
}

/**
 * Every path and folder the site will hold, with who makes it, so that two things that would be
 * written to one place are found before anything is rendered, and the message names both. Paths are
 * compared without case, as case-insensitive file systems (macOS, Windows) and some sync tools do.
 */
export class PathOwners {
  private readonly owners = new Map<string, PathOwner>();

  constructor() {
    const layout = (what: string) => ({ what: `the site's ${what}` });
    this.claimAll([
      [INDEX_PAGE, layout('index page')],
      [ALL_FEED, layout('feed of every meeting')],
      [MANIFEST, layout('manifest')],
      [CSS_PATH, layout('stylesheet')],
      [JS_PATH, layout('script')],
      [ICON_PATH, layout('icon')],
      [`${STATE_DIR}/`, layout('publishing state folder')],
      [`${ASSETS_DIR}/`, layout('assets folder')],
      [`${CALENDARS_DIR}/`, layout('calendars folder')],
    ]);
  }

  /** Claims a group's page, feed and folders; returns the first owner already there, if any. */
  claimGroup(dir: string, at: SourceLocation): { path: string; owner: PathOwner } | undefined {
    const name = `group "${dir}"`;
    return this.claimAll([
      [`${dir}/`, { what: `the folder of ${name}`, at }],
      [`${CALENDARS_DIR}/${dir}/`, { what: `the feed folder of ${name}`, at }],
      [groupPage(dir), { what: `the page of ${name}`, at }],
      [groupFeed(dir), { what: `the feed of ${name}`, at }],
    ]);
  }

  /** Claims a meeting's page and feed; returns the first owner already there, if any. */
  claimMeeting(dir: string, id: string, at: SourceLocation): { path: string; owner: PathOwner } | undefined {
    const name = `meeting "${id}" of group "${dir}"`;
    return this.claimAll([
      [meetingPage(dir, id), { what: `the page of ${name}`, at }],
      [meetingFeed(dir, id), { what: `the feed of ${name}`, at }],
    ]);
  }

  /** All or nothing: a claim that collides leaves no path of it claimed. */
  private claimAll(
    claims: readonly (readonly [string, PathOwner])[],
  ): { path: string; owner: PathOwner } | undefined {
    for (const [path] of claims) {
      const owner = this.owners.get(path.toLowerCase());
      if (owner) return { path, owner };
    }
    for (const [path, owner] of claims) this.owners.set(path.toLowerCase(), owner);
    return undefined;
  }
}

/** `the page of group "a" (sigs.yaml:10 sigs[0])`, or the layout's own name. */
export function describeOwner(owner: PathOwner): string {
  if (!owner.at) return owner.what;
  const where = owner.at.line > 0 ? `${owner.at.file}:${owner.at.line}` : owner.at.file;
  return `${owner.what} (${where}${owner.at.path ? ` ${owner.at.path}` : ''})`;
}
