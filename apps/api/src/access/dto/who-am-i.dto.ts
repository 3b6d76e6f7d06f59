import { ApiProperty } from '@nestjs/swagger';
import { ROLE_NAMES, type LoginResponse, type RoleName, type TeamMembershipView, type WhoAmI } from '@berth/contracts';

/** The answers of /api/v1/auth as OpenAPI schemas; each implements its contract type. */

export class TeamMembershipViewDto implements TeamMembershipView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'default' }) name!: string;
  @ApiProperty({ enum: ROLE_NAMES }) role!: RoleName;
}

class WhoAmIUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'admin' }) username!: string;
}

class WhoAmITeamDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'default' }) name!: string;
}

class WhoAmITokenDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class WhoAmIDto implements WhoAmI {
  @ApiProperty({ type: WhoAmIUserDto, nullable: true }) user!: WhoAmIUserDto | null;
  @ApiProperty({ type: WhoAmITeamDto }) team!: WhoAmITeamDto;
  @ApiProperty({ enum: ROLE_NAMES }) role!: RoleName;
  @ApiProperty({ enum: ['session', 'token'] }) via!: 'session' | 'token';
  @ApiProperty({ type: WhoAmITokenDto, nullable: true, description: 'The token the caller uses, or the one its session was opened with.' })
  token!: WhoAmITokenDto | null;
  @ApiProperty({ type: [TeamMembershipViewDto], description: 'The teams the caller may act in.' }) teams!: TeamMembershipViewDto[];
}

export class LoginResponseDto extends WhoAmIDto implements LoginResponse {
  @ApiProperty({ description: 'Echo it in the X-CSRF-Token header on every change made with the session cookie.' }) csrfToken!: string;
}
