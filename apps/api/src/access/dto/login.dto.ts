import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, ValidateIf } from 'class-validator';

/** A username and password, or an API token of a user (how the first administrator signs in). */
export class LoginDto {
  @ApiPropertyOptional({ example: 'ada' })
  @ValidateIf((body: LoginDto) => body.token === undefined)
  @IsString()
  @MaxLength(63)
  username?: string;

  @ApiPropertyOptional({ format: 'password' })
  @ValidateIf((body: LoginDto) => body.token === undefined)
  @IsString()
  @MaxLength(1024)
  password?: string;

  @ApiPropertyOptional({ description: 'Instead of username and password: an API token that belongs to a user.' })
  @ValidateIf((body: LoginDto) => body.username === undefined && body.password === undefined)
  @IsString()
  @MaxLength(256)
  token?: string;
}
