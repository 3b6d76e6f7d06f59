import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ProblemDetails } from '@berth/contracts';

class ProblemFieldErrorDto {
  @ApiProperty({ example: 'resources.memory' }) field!: string;
  @ApiProperty({ example: 'memory must be a size such as 512m or a number of bytes' }) message!: string;
}

/** The RFC 9457 problem document every error of the API is (`application/problem+json`), as problem-of.ts builds it. */
export class ProblemDocumentDto implements ProblemDetails {
  @ApiProperty({ example: 'about:blank' }) type!: string;
  @ApiProperty({ example: 'Not Found' }) title!: string;
  @ApiProperty({ example: 404 }) status!: number;
  @ApiProperty({ description: 'What went wrong and what to do about it, for people.', example: 'no container no-such-thing in team default' })
  detail!: string;
  @ApiProperty({ description: 'Stable; programs switch on it.', example: 'CONTAINER_NOT_FOUND' }) code!: string;
  @ApiPropertyOptional({ description: 'The request path.', example: '/api/v1/containers/no-such-thing' }) instance?: string;
  @ApiPropertyOptional({ description: 'The one request field a refusal is about (HOST_ACCESS_DENIED: `network`, `capAdd[0]` …).' }) field?: string;
  @ApiPropertyOptional({ type: [ProblemFieldErrorDto], description: 'VALIDATION_FAILED: one entry per offending field.' }) errors?: ProblemFieldErrorDto[];
}
