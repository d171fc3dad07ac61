import pkg from '../../package.json' with { type: 'json' };

/** sigcal's version, from package.json (bundled in, so the Lambda and the CLI need no file at run time). */
export const VERSION: string = pkg.version;

/** The generator named in feeds (PRODID), the manifest and run summaries: `sigcal 0.1.0`. */
export const GENERATOR = `sigcal ${VERSION}`;
