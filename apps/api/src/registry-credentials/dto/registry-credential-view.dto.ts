import { ApiProperty } from '@nestjs/swagger';
import type { RegistryCredentialScope, RegistryCredentialView } from '@berth/contracts';

/** A stored registry login as /api/v1/registry-credentials answers it: never the secret. */
export class RegistryCredentialViewDto implements RegistryCredentialView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '127.0.0.1:5000' }) registry!: string;
  @ApiProperty({ example: 'ci-bot' }) username!: string;
  @ApiProperty({ enum: ['user', 'team'] }) scope!: RegistryCredentialScope;
  @ApiProperty({ description: "The user's name (scope user) or the team's (scope team)" }) owner!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Who stored it' }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'The last login that replaced it' }) updatedAt!: string;
}
