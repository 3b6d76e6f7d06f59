import { Module } from '@nestjs/common';
import { BenchCli } from './bench-cli.js';
import { BenchmarkJobs } from './benchmark-jobs.js';
import { BenchmarksController } from './benchmarks.controller.js';
import { BenchmarksRepository } from './benchmarks.repository.js';
import { BenchmarksService } from './benchmarks.service.js';

/** Stored benchmark runs, their reports, and runs started through the API (the bench CLI as a child process). */
@Module({ controllers: [BenchmarksController], providers: [BenchmarksRepository, BenchCli, BenchmarkJobs, BenchmarksService] })
export class BenchmarksModule {}
