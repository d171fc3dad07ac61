/**
 * The WHATWG URL class, the one platform API the core uses beyond ECMAScript (it parses and normalises
 * links the same way in Node, Lambda and browsers). Declared here, for the core's own tsconfig only,
 * instead of pulling in DOM or Node types, so the compiler refuses every other platform API in the core.
 * The root tsconfig excludes this file: it gets URL from @types/node.
 */
declare class URL {
  constructor(url: string, base?: string);
  static canParse(url: string, base?: string): boolean;
  readonly href: string;
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly pathname: string;
  readonly search: string;
}
