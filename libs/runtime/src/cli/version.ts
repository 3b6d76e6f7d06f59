/** This runtime's version, as in its package.json (version.spec.ts keeps them equal; native/Makefile reads the same). */
export const RUNTIME_VERSION = '0.1.0';
