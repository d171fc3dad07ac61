/** One object of the published site. */
export interface SiteObject {
  readonly body: Uint8Array;
  readonly contentType: string;
  readonly cacheControl: string;
}

/** The whole site, in memory, keyed by path relative to the site root (`calendars/all.ics`). */
export type Site = ReadonlyMap<string, SiteObject>;
