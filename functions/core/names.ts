import type { GroupKind } from './sigs-file.ts';

/**
 * How sigcal names things among people's own calendars: a group calendar called "Node" or "Apps" is
 * lost in a list of personal calendars, so calendars carry the community's name and the group's kind
 * ("Kubernetes SIG Node"), as the community itself says it.
 */

/** The site's title and the all-meetings calendar's name when the community has no name. */
export const DEFAULT_SITE_TITLE = 'Community meetings';

/** `SIG Node`, `WG Batch`, `Steering Committee`, `Big Data User Group`; a name that says its kind is kept. */
export function groupLabel(kind: GroupKind, name: string): string {
  const trimmed = name.trim();
  switch (kind) {
    case 'sigs':
      return /\b(sig|special interest group)\b/i.test(trimmed) ? trimmed : `SIG ${trimmed}`;
    case 'workinggroups':
      return /\b(wg|working group)\b/i.test(trimmed) ? trimmed : `WG ${trimmed}`;
    case 'committees':
      return /\bcommittee\b/i.test(trimmed) ? trimmed : `${trimmed} Committee`;
    case 'usergroups':
      return /\b(ug|user group)\b/i.test(trimmed) ? trimmed : `${trimmed} User Group`;
  }
}

/** The names of the site and its calendars, from the community's name (null: none given). */
export interface SiteNames {
  /** The community's own name (`Kubernetes`), or null. */
  readonly community: string | null;
  /** Index heading, page titles and the all-meetings calendar: `Kubernetes meetings`. */
  readonly site: string;
  /** A group's calendar: `Kubernetes SIG Node` (`SIG Node` without a community name). */
  group(kind: GroupKind, name: string): string;
  /** A meeting's calendar: `Kubernetes SIG Node: Regular SIG Meeting`. */
  meeting(kind: GroupKind, name: string, description: string): string;
}

/** Names for a community called `community` (trimmed; empty means none). */
export function siteNames(community: string | null | undefined): SiteNames {
  const name = community?.replace(/\s+/g, ' ').trim() || null;
  const prefix = name ? `${name} ` : '';
  return {
    community: name,
    site: name ? `${name} meetings` : DEFAULT_SITE_TITLE,
    group: (kind, groupName) => prefix + groupLabel(kind, groupName),
    meeting: (kind, groupName, description) => `${prefix}${groupLabel(kind, groupName)}: ${description}`,
  };
}

/**
 * The CSS3 colour names (CSS Color Module Level 3, §4.3), the only values RFC 7986 §5.9 `COLOR` takes.
 */
const CSS3_COLOR_NAMES = new Set(
  (
    'aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown ' +
    'burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan ' +
    'darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid ' +
    'darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet ' +
    'deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ' +
    'ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki ' +
    'lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow ' +
    'lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray ' +
    'lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine ' +
    'mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen ' +
    'mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace ' +
    'olive olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred ' +
    'papayawhip peachpuff peru pink plum powderblue purple red rosybrown royalblue saddlebrown salmon ' +
    'sandybrown seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen ' +
    'steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen'
  ).split(' '),
);

/** The colour name in lower case when it is one RFC 7986 `COLOR` accepts (a CSS3 name); else undefined. */
export function calendarColor(text: string): string | undefined {
  const name = text.trim().toLowerCase();
  return CSS3_COLOR_NAMES.has(name) ? name : undefined;
}
