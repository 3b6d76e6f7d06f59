import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  BenchmarkJobState,
  BenchmarkJobView,
  BenchmarkResultView,
  BenchmarkRunDetailView,
  BenchmarkRunPageView,
  BenchmarkRunSummaryView,
  BenchmarkStatisticsView,
  BenchmarkSuiteView,
} from '../benchmark-views.js';

/** The answers of /api/v1/benchmarks as OpenAPI schemas; each implements its view type. */

export class BenchmarkSuiteDto implements BenchmarkSuiteView {
  @ApiProperty({ example: 'start' }) name!: string;
  @ApiProperty() description!: string;
}

class BenchmarkStatisticsDto implements BenchmarkStatisticsView {
  @ApiProperty() samples!: number;
  @ApiProperty() min!: number;
  @ApiProperty() median!: number;
  @ApiProperty() mean!: number;
  @ApiProperty() p95!: number;
  @ApiProperty() p99!: number;
  @ApiProperty() max!: number;
  @ApiProperty({ description: 'Sample standard deviation (n − 1).' }) stddev!: number;
}

class BenchmarkResultDto implements BenchmarkResultView {
  @ApiProperty({ example: 'berth' }) subject!: string;
  @ApiProperty({ example: 'create-start-exit' }) metric!: string;
  @ApiProperty({ example: 'ms' }) unit!: string;
  @ApiProperty() method!: string;
  @ApiPropertyOptional({ description: 'Why the subject could not run here.' }) missing?: string;
  @ApiPropertyOptional() error?: string;
  @ApiProperty({ type: [Number] }) samples!: number[];
  @ApiPropertyOptional({ type: BenchmarkStatisticsDto }) statistics?: BenchmarkStatisticsDto;
  @ApiPropertyOptional({ description: "Median over the baseline's median of the same metric." }) ratioToBaseline?: number;
}

export class BenchmarkRunSummaryDto implements BenchmarkRunSummaryView {
  @ApiProperty() id!: string;
  @ApiProperty() suite!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ description: 'The subject ratios are computed against.' }) baseline!: string;
  @ApiProperty({ type: String, nullable: true }) gitRevision!: string | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) finishedAt!: string | null;
  @ApiProperty() measured!: number;
  @ApiProperty() notMeasured!: number;
}

export class BenchmarkRunDetailDto extends BenchmarkRunSummaryDto implements BenchmarkRunDetailView {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) environment!: Record<string, string>;
  @ApiProperty({ type: [BenchmarkResultDto] }) results!: BenchmarkResultDto[];
}

export class BenchmarkRunPageDto implements BenchmarkRunPageView {
  @ApiProperty({ type: [BenchmarkRunSummaryDto] }) items!: BenchmarkRunSummaryDto[];
  @ApiProperty({ type: 'integer', description: 'How many match, before offset and limit.' }) total!: number;
  @ApiProperty({ type: 'integer' }) limit!: number;
  @ApiProperty({ type: 'integer' }) offset!: number;
}

export class BenchmarkJobDto implements BenchmarkJobView {
  @ApiProperty() id!: string;
  @ApiProperty() suite!: string;
  @ApiProperty() smoke!: boolean;
  @ApiProperty({ enum: ['running', 'succeeded', 'failed'] }) state!: BenchmarkJobState;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) finishedAt?: string;
  @ApiPropertyOptional({ description: 'The stored run, once the CLI saved it.' }) runId?: string;
  @ApiPropertyOptional() exitCode?: number;
  @ApiProperty({ type: [String], description: 'The last 200 progress lines.' }) log!: string[];
}
