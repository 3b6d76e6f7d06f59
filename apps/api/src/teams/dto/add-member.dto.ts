import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ROLE_NAMES, USERNAME_PATTERN, type AddMemberRequest, type RoleName } from '@berth/contracts';

export class AddMemberDto implements AddMemberRequest {
  @ApiProperty({ pattern: USERNAME_PATTERN.source, example: 'ada' })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 2–63 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit' })
  username!: string;

  @ApiProperty({ enum: ROLE_NAMES })
  @IsIn(ROLE_NAMES)
  role!: RoleName;

  @ApiPropertyOptional({ format: 'password', description: 'Creates the user with this password when the username is new.' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  password?: string;

  @ApiPropertyOptional({ example: 'Ada Lovelace' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  displayName?: string;
}
