import { ApiProperty } from '@nestjs/swagger';
import { ROLE_NAMES, type RoleName, type TeamMembershipView } from '@berth/contracts';

/** One of the caller's teams and the role in it (`GET /teams`, and inside `/auth/whoami`). */
export class TeamMembershipViewDto implements TeamMembershipView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'default' }) name!: string;
  @ApiProperty({ enum: ROLE_NAMES }) role!: RoleName;
}
