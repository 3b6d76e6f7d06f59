import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ROLE_NAMES, type CreateTokenRequest, type RoleName } from '@berth/contracts';

export class CreateTokenDto implements CreateTokenRequest {
  @ApiProperty({ example: 'ci-deploy', description: 'What the token is for; shown in listings and audit records.' })
  @IsString()
  @MaxLength(64)
  @Matches(/^\S(.*\S)?$/, { message: 'name must not be empty or start or end with spaces' })
  name!: string;

  @ApiProperty({ enum: ROLE_NAMES, description: 'At most your own role.' })
  @IsIn(ROLE_NAMES)
  role!: RoleName;

  @ApiPropertyOptional({ minimum: 1, maximum: 3650, description: 'Days until it expires; absent: never.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}
