import { ApiProperty } from '@nestjs/swagger';
import { ROLE_NAMES, type ApiTokenView, type CreatedToken, type RoleName } from '@berth/contracts';

/** The answers of /api/v1/tokens as OpenAPI schemas; each implements its contract type. */

export class ApiTokenViewDto implements ApiTokenView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'ci' }) name!: string;
  @ApiProperty({ description: 'The first characters of the secret, to tell tokens apart.', example: 'berth_3f1c' }) prefix!: string;
  @ApiProperty({ enum: ROLE_NAMES }) role!: RoleName;
  @ApiProperty({ type: String, nullable: true }) owner!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastUsedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) expiresAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) revokedAt!: string | null;
}

export class CreatedTokenDto extends ApiTokenViewDto implements CreatedToken {
  @ApiProperty({ description: 'The secret, shown this once; only its hash is kept.' }) token!: string;
}
