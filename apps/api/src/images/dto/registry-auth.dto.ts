import { ApiProperty } from '@nestjs/swagger';
import type { RegistryAuthRequest } from '@berth/contracts';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class RegistryAuthDto implements RegistryAuthRequest {
  @ApiProperty({ example: 'ci-bot' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  username!: string;

  @ApiProperty({ format: 'password', description: 'A password or access token; sent to the registry only, never stored' })
  @IsString()
  @MaxLength(8192)
  password!: string;
}
