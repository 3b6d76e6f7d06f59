import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { TEAM_NAME_PATTERN } from '@berth/contracts';

export class CreateTeamDto {
  @ApiProperty({ pattern: TEAM_NAME_PATTERN.source, example: 'platform' })
  @IsString()
  @Matches(TEAM_NAME_PATTERN, { message: 'name must be 2–63 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit' })
  name!: string;
}
