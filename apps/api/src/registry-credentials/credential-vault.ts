import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONTEXT, type AppContext } from '../app-context.js';
import type { CredentialOwner } from './registry-credentials.repository.js';
import { loadOrCreateKey, SecretBox } from './secret-box.js';

/** Where the key sealing registry secrets lives: beside the state it protects, never in the database. */
export const CREDENTIALS_KEY_PATH = ['keys', 'registry-credentials.key'] as const;

/**
 * Seals and opens registry secrets for one owner and registry. The key is read (or made) on
 * first use, so a server that never stores a login never writes one.
 */
@Injectable()
export class CredentialVault {
  private box: SecretBox | undefined;

  constructor(@Inject(APP_CONTEXT) private readonly context: AppContext) {}

  seal(owner: CredentialOwner, registry: string, secret: string): string {
    return this.secretBox().seal(secret, contextOf(owner, registry));
  }

  open(owner: CredentialOwner, registry: string, sealed: string): string {
    return this.secretBox().open(sealed, contextOf(owner, registry));
  }

  private secretBox(): SecretBox {
    this.box ??= new SecretBox(loadOrCreateKey(join(this.context.config.root, ...CREDENTIALS_KEY_PATH)));
    return this.box;
  }
}

/** Binds a ciphertext to its row's owner and registry (see SecretBox). */
function contextOf(owner: CredentialOwner, registry: string): string {
  return `${owner.kind === 'user' ? `user:${owner.userId}` : `team:${owner.teamId}`}|${registry}`;
}
