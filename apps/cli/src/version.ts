/** This CLI's version, as in its package.json (version.spec.ts keeps the two equal); a constant so `--version` reads no file. */
export const CLI_VERSION = '0.1.0';
