import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Page } from '@berth/contracts';
import type { Response } from 'express';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { ApiPageResponse } from '../http/openapi/api-page-response.js';
import { ApiProblems } from '../http/openapi/api-problems.js';
import { ApiTextResponse } from '../http/openapi/text-response.js';
import { pageOf } from '../http/page-of.js';
import { PageQuery } from '../http/page-query.js';
import { BenchmarkProgressStream } from './benchmark-progress-stream.js';
import type { BenchmarkJobView, BenchmarkRunDetailView, BenchmarkRunPageView, BenchmarkSuiteView } from './benchmark-views.js';
import { BenchmarksService } from './benchmarks.service.js';
import { BenchmarkJobDto, BenchmarkRunDetailDto, BenchmarkRunPageDto, BenchmarkSuiteDto } from './dto/benchmark-responses.dto.js';
import { ListRunsQuery } from './dto/list-runs.query.js';
import { StartRunDto } from './dto/start-run.dto.js';

@ApiTags('benchmarks')
@Controller('benchmarks')
export class BenchmarksController {
  constructor(private readonly benchmarks: BenchmarksService) {}

  @Get('suites')
  @RequiresRole('viewer')
  @ApiPageResponse(BenchmarkSuiteDto, 'The suites the built bench CLI can run, with what each measures.')
  @ApiProblems({ 400: 'VALIDATION_FAILED' })
  async suites(@Query() query: PageQuery): Promise<Page<BenchmarkSuiteView>> {
    return pageOf(await this.benchmarks.suites(), query);
  }

  @Get('runs')
  @RequiresRole('viewer')
  @ApiOkResponse({
    type: BenchmarkRunPageDto,
    description: "The team's stored runs (every run for the host's admins), newest first: { items, total, limit, offset }.",
  })
  @ApiProblems({ 400: 'VALIDATION_FAILED' })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListRunsQuery): Promise<BenchmarkRunPageView> {
    return this.benchmarks.list(principal, query);
  }

  @Get('runs/:id')
  @RequiresRole('viewer')
  @ApiOkResponse({ type: BenchmarkRunDetailDto, description: 'The run: environment, and per subject and metric the samples and statistics.' })
  @ApiProblems({ 404: 'BENCHMARK_RUN_NOT_FOUND' })
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<BenchmarkRunDetailView> {
    return this.benchmarks.get(principal, id);
  }

  @Get('runs/:id/report')
  @RequiresRole('viewer')
  @ApiProduces('text/html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  // The report has no scripts and fetches nothing; this keeps it so even if a subject name carried markup.
  @Header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
  @ApiTextResponse('text/html', 'The self-contained HTML report (charts as inline SVG), as `npm run bench -- report` writes it.')
  @ApiProblems({ 404: 'BENCHMARK_RUN_NOT_FOUND', 500: 'BENCHMARK_REPORT_FAILED' })
  report(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<string> {
    return this.benchmarks.report(principal, id);
  }

  @Post('runs')
  @RequiresRole('admin')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({
    type: BenchmarkJobDto,
    description: 'The job running the bench CLI; follow it at /benchmarks/jobs/{id}/progress. The run is stored when it ends.',
  })
  @ApiProblems({ 400: 'UNKNOWN_SUITE or VALIDATION_FAILED', 409: 'BENCHMARK_RUNNING: one run at a time.' })
  start(@CurrentPrincipal() principal: Principal, @Body() body: StartRunDto): Promise<BenchmarkJobView> {
    return this.benchmarks.start(principal, body.suite, body.smoke ?? false);
  }

  @Get('jobs/:id')
  @RequiresRole('viewer')
  @ApiOkResponse({ type: BenchmarkJobDto, description: 'A job started through the API: state, its last 200 progress lines, and the stored run id once done.' })
  @ApiProblems({ 404: 'BENCHMARK_JOB_NOT_FOUND' })
  job(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<BenchmarkJobView> {
    return this.benchmarks.job(principal, id);
  }

  @Get('jobs/:id/progress')
  @RequiresRole('viewer')
  @ApiProduces('text/event-stream')
  @ApiTextResponse(
    'text/event-stream',
    'Server-Sent Events: `line` {line} for each progress line (those so far first), then `done` with the job (a BenchmarkJobDto), and the stream ends.',
  )
  @ApiProblems({ 404: 'BENCHMARK_JOB_NOT_FOUND' })
  async progress(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Res() response: Response): Promise<void> {
    const stream = new BenchmarkProgressStream(response);
    const { view, unsubscribe } = await this.benchmarks.follow(principal, id, (event) => stream.send(event));
    stream.start(view, unsubscribe);
  }
}
