import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class SwitchTeamDto {
  @ApiProperty({ description: 'A team you are a member of.', example: 'platform' })
  @IsString()
  @MaxLength(63)
  team!: string;
}
