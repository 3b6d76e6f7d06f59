import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';

/** Whose a credential is: exactly one of a user and a team. */
export type CredentialOwner = { kind: 'user'; userId: string } | { kind: 'team'; teamId: string };

/** A row without its secret: what listings and deletes work with. */
export interface CredentialRow {
  id: string;
  registry: string;
  username: string;
  userId: string | null;
  teamId: string | null;
  owner: string;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const SELECT = {
  id: true,
  registry: true,
  username: true,
  userId: true,
  teamId: true,
  createdBy: true,
  createdAt: true,
  updatedAt: true,
  user: { select: { username: true } },
  team: { select: { name: true } },
} as const;

/** The only code that reads `registry_credentials`; the sealed secret leaves it only through `sealedFor`. */
@Injectable()
export class RegistryCredentialsRepository {
  constructor(private readonly database: DatabaseService) {}

  /** Stores a login, replacing the owner's previous one for the registry (a second `docker login` does the same). */
  async upsert(owner: CredentialOwner, login: { registry: string; username: string; secretCipher: string; createdBy: string | null }): Promise<CredentialRow> {
    const where =
      owner.kind === 'user'
        ? { userId_registry: { userId: owner.userId, registry: login.registry } }
        : { teamId_registry: { teamId: owner.teamId, registry: login.registry } };
    const ownerColumns = owner.kind === 'user' ? { userId: owner.userId } : { teamId: owner.teamId };
    const row = await this.database.client.registryCredential.upsert({
      where,
      create: { ...login, ...ownerColumns },
      update: { username: login.username, secretCipher: login.secretCipher, createdBy: login.createdBy },
      select: SELECT,
    });
    return rowOf(row);
  }

  /** The user's own logins and the team's, registry by registry. */
  async visibleTo(teamId: string, userId: string | undefined): Promise<CredentialRow[]> {
    const rows = await this.database.client.registryCredential.findMany({
      where: { OR: [{ teamId }, ...(userId ? [{ userId }] : [])] },
      orderBy: [{ registry: 'asc' }, { createdAt: 'asc' }],
      select: SELECT,
    });
    return rows.map(rowOf);
  }

  /** Gone already (a concurrent logout) is not an error: the caller found it first. */
  async deleteById(id: string): Promise<void> {
    await this.database.client.registryCredential.deleteMany({ where: { id } });
  }

  /** The row if the caller can see it (their own, or their team's); null otherwise. */
  async find(id: string, teamId: string, userId: string | undefined): Promise<CredentialRow | null> {
    const row = await this.database.client.registryCredential.findFirst({
      where: { id, OR: [{ teamId }, ...(userId ? [{ userId }] : [])] },
      select: SELECT,
    });
    return row && rowOf(row);
  }

  /** The sealed login an owner holds for a registry, if any: only the pull/push path asks. */
  async sealedFor(owner: CredentialOwner, registry: string): Promise<{ username: string; secretCipher: string } | null> {
    const where = owner.kind === 'user' ? { userId: owner.userId, registry } : { teamId: owner.teamId, registry };
    return this.database.client.registryCredential.findFirst({ where, select: { username: true, secretCipher: true } });
  }
}

type SelectedRow = Omit<CredentialRow, 'owner'> & { user: { username: string } | null; team: { name: string } | null };

function rowOf({ user, team, ...rest }: SelectedRow): CredentialRow {
  return { ...rest, owner: user?.username ?? team?.name ?? '' };
}
