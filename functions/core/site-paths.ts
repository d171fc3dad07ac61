/** The site layout: the URLs people subscribe to and link. Keep them stable. */
export const INDEX_PAGE = 'index.html';
export const ALL_FEED = 'calendars/all.ics';
export const MANIFEST = 'manifest.json';

export const groupPage = (dir: string): string => `${dir}/index.html`;
export const groupFeed = (dir: string): string => `calendars/${dir}.ics`;
export const meetingPage = (dir: string, id: string): string => `${dir}/${id}.html`;
export const meetingFeed = (dir: string, id: string): string => `calendars/${dir}/${id}.ics`;
