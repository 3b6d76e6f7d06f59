import { ImageError } from '../image-error.js';

/**
 * A tar entry's name as a path inside the snapshot, or a refusal. Layers are hostile input:
 * absolute names and `..` components are refused outright rather than "cleaned", because a
 * layer that needs cleaning was not made by an honest tool.
 */
export function layerPath(name: string): string {
  if (name.includes('\0')) throw refuse(name, 'contains a NUL byte');
  if (name.startsWith('/')) throw refuse(name, 'is an absolute path');
  const parts = name.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.length === 0) return '';
  if (parts.includes('..')) throw refuse(name, 'contains ".."');
  return parts.join('/');
}

export function refuse(name: string, why: string): ImageError {
  return new ImageError('UNSAFE_LAYER', `layer entry "${name}" ${why}; the layer was refused`);
}
