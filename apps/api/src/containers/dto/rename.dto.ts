import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';

export class RenameContainerDto {
  @ApiProperty({ example: 'web-2' })
  @IsString()
  name!: string;
}
