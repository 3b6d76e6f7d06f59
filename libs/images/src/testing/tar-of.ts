// Tests build layers with the same in-memory tar writer the seed images use.
export { tarBuffer as tarOf, type TarEntry } from '../archive/tar-buffer.js';
