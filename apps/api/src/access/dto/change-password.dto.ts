import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiPropertyOptional({ format: 'password', description: 'Required unless you have no password yet.' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  currentPassword?: string;

  @ApiProperty({ format: 'password', minLength: 10 })
  @IsString()
  @MaxLength(1024)
  newPassword!: string;
}
