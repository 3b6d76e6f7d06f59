import { ApiProperty } from '@nestjs/swagger';
import { ROLE_NAMES, type RoleName, type TeamMember } from '@berth/contracts';

/** A member as /api/v1/team/members answers; implements the contract type. */
export class TeamMemberDto implements TeamMember {
  @ApiProperty({ example: 'alice' }) username!: string;
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
  @ApiProperty({ enum: ROLE_NAMES }) role!: RoleName;
  @ApiProperty({ format: 'date-time' }) since!: string;
}
