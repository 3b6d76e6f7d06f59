import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPES, type BerthEvent, type EventType } from '@berth/contracts';

/** The OpenAPI shape of an event (JSON answers and each SSE message's data). */
export class BerthEventDto implements BerthEvent {
  @ApiProperty({ description: 'Increasing; a stream sends it as the SSE id.', example: '42' }) id!: string;
  @ApiProperty({ enum: EVENT_TYPES }) type!: EventType;
  @ApiProperty({ example: 'start' }) action!: string;
  @ApiProperty({ description: 'The container id, image digest, volume name …' }) actorId!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) attributes!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) at!: string;
}
