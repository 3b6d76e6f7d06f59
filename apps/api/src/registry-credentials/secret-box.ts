import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const VERSION = 'v1';

/**
 * Encrypts secrets at rest with AES-256-GCM. `context` is authenticated but not stored in the
 * ciphertext: a secret sealed for one credential (its owner and registry) does not open as
 * another's, so rows cannot be swapped in the database to borrow a login.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new Error(`a secret key is ${KEY_BYTES} bytes, not ${key.length}`);
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url parts: the version lets the scheme change later. */
  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), sealed].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** Throws when the text was not sealed with this key and context (tampered, swapped or another key). */
  open(text: string, context: string): string {
    const [version, iv, tag, sealed] = text.split('.');
    if (version !== VERSION || iv === undefined || tag === undefined || sealed === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/**
 * The server's key at `path`, made on first use (0600 in a 0700 directory). Made with the
 * exclusive flag so two starting servers on one state root cannot each write their own.
 */
export function loadOrCreateKey(path: string): Buffer {
  try {
    return readKey(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(path, randomBytes(KEY_BYTES), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readKey(path);
}

function readKey(path: string): Buffer {
  // A key another process could read is no secret: tighten it, as ssh insists on for its keys.
  chmodSync(path, 0o600);
  const key = readFileSync(path);
  if (key.length !== KEY_BYTES)
    throw new Error(
      `${path} holds ${key.length} bytes, not a ${KEY_BYTES}-byte key; restore it from a backup or remove it (stored registry logins are then lost)`,
    );
  return key;
}
