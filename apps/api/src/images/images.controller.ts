import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { DeleteImageResponse, ImageDetail, ImageHistoryEntry, ImageSummary, LoadImagesResponse, Page, PruneImagesResponse } from '@berth/contracts';
import type { Request, Response } from 'express';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { ApiPageResponse } from '../http/openapi/api-page-response.js';
import { ApiProblems } from '../http/openapi/api-problems.js';
import { ApiTextResponse } from '../http/openapi/text-response.js';
import { pageOf } from '../http/page-of.js';
import { BuildImageQueryDto } from './dto/build-image.dto.js';
import { DeleteImageQueryDto } from './dto/delete-image.dto.js';
import {
  BuildImageResponseDto,
  DeleteImageResponseDto,
  ImageDetailDto,
  ImageHistoryEntryDto,
  ImageSummaryDto,
  LoadImagesResponseDto,
  PruneImagesResponseDto,
  PullImageResponseDto,
  PushImageResponseDto,
} from './dto/image-responses.dto.js';
import { ListImagesQueryDto } from './dto/list-images.dto.js';
import { PullImageDto } from './dto/pull-image.dto.js';
import { PushImageDto } from './dto/push-image.dto.js';
import { TagImageDto } from './dto/tag-image.dto.js';
import { ImageArchiveService } from './image-archive.service.js';
import { ImageBuildService } from './image-build.service.js';
import { ImagePruneService } from './image-prune.service.js';
import { ImageRef } from './image-ref.param.js';
import { ImageRegistryService } from './image-registry.service.js';
import { streamOrJson } from './image-stream.js';
import { ImagesService } from './images.service.js';

const REF = { name: 'ref', description: 'A name (`busybox`, `127.0.0.1:5000/app:1`), a digest, or an id prefix (12+ hex digits)' };
const STREAMED =
  'With `Accept: text/event-stream`, progress arrives as server-sent events ending in `done` or `error` (a problem document); otherwise JSON when done.';

/**
 * /api/v1/images. Routes ending in a fixed word come before the bare `*ref` routes, which
 * would otherwise take `busybox/history` as an image name.
 */
@ApiTags('images')
@Controller('images')
export class ImagesController {
  constructor(
    private readonly images: ImagesService,
    private readonly registry: ImageRegistryService,
    private readonly archives: ImageArchiveService,
    private readonly builds: ImageBuildService,
    private readonly pruning: ImagePruneService,
  ) {}

  @Get()
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'List images (docker images)' })
  @ApiPageResponse(ImageSummaryDto, 'Newest first.')
  @ApiProblems({ 400: 'VALIDATION_FAILED' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListImagesQueryDto): Promise<Page<ImageSummary>> {
    return pageOf(await this.images.list(principal.teamId, query), query);
  }

  @Post('pull')
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Pull an image from a registry (docker pull)', description: STREAMED })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ type: PullImageResponseDto })
  @ApiProblems({
    400: 'VALIDATION_FAILED, INVALID_REFERENCE, INVALID_PLATFORM',
    403: 'HOST_ACCESS_DENIED (field reference): a registry on a loopback, link-local or private address, unless BERTH_REGISTRY_ALLOW opens it; REGISTRY_AUTH_FAILED',
    404: 'MANIFEST_NOT_FOUND, PLATFORM_NOT_FOUND',
    409: 'QUOTA_EXCEEDED',
    502: 'REGISTRY_UNREACHABLE, REGISTRY_ERROR, DIGEST_MISMATCH, INVALID_IMAGE',
  })
  pull(@CurrentPrincipal() principal: Principal, @Body() body: PullImageDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    return streamOrJson(request, response, (emit) => this.registry.pull(principal, body, (progress) => emit('progress', progress)));
  }

  @Post('prune')
  @RequiresRole('operator')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Remove the team's untagged unused images and collect unreferenced content (docker image prune)" })
  @ApiOkResponse({ type: PruneImagesResponseDto })
  @ApiProblems()
  prune(@CurrentPrincipal() principal: Principal): Promise<PruneImagesResponse> {
    return this.pruning.prune(principal.teamId);
  }

  @Post('load')
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Load images from a docker save or OCI archive (docker load)' })
  @ApiConsumes('application/x-tar')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: LoadImagesResponseDto })
  @ApiProblems({
    400: 'INVALID_ARCHIVE, UNSAFE_LAYER, CORRUPT_LAYER, INVALID_IMAGE',
    409: 'QUOTA_EXCEEDED',
    413: 'LAYER_TOO_LARGE, or larger than BERTH_MAX_UPLOAD_SIZE',
  })
  @HttpCode(HttpStatus.OK)
  load(@CurrentPrincipal() principal: Principal, @Req() request: Request): Promise<LoadImagesResponse> {
    return this.archives.load(principal.teamId, request);
  }

  @Post('build')
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Build an image from a context tar (docker build)', description: `${STREAMED} Events: log, step, done, error.` })
  @ApiConsumes('application/x-tar')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ type: BuildImageResponseDto })
  @ApiProblems({
    400: 'VALIDATION_FAILED, INVALID_DOCKERFILE, INVALID_DOCKERIGNORE, INVALID_BUILD_ARGS, INVALID_ARCHIVE, INVALID_TARGET',
    404: 'IMAGE_NOT_FOUND (a FROM image that is neither stored nor pullable)',
    409: 'QUOTA_EXCEEDED',
    413: 'larger than BERTH_MAX_UPLOAD_SIZE',
    422: 'BUILD_FAILED: a RUN step failed (the stream has its output)',
  })
  build(@CurrentPrincipal() principal: Principal, @Query() query: BuildImageQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    return streamOrJson(request, response, (emit, streaming) =>
      this.builds.build(principal.teamId, query, request, { streaming, log: (line) => emit('log', { line }), step: (step) => emit('step', step) }),
    );
  }

  @Get('*ref/history')
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'Image history, newest step first (docker history)' })
  @ApiParam(REF)
  @ApiOkResponse({ type: [ImageHistoryEntryDto] })
  @ApiProblems({ 400: 'AMBIGUOUS_REFERENCE', 404: 'IMAGE_NOT_FOUND' })
  history(@CurrentPrincipal() principal: Principal, @ImageRef() ref: string): Promise<ImageHistoryEntry[]> {
    return this.images.history(principal.teamId, ref);
  }

  @Get('*ref/save')
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'Export the image as a docker save archive (docker save)' })
  @ApiParam(REF)
  @ApiProduces('application/x-tar')
  @ApiTextResponse('application/x-tar', 'A docker save archive (manifest.json, repositories, configs and layers).', 'binary')
  @ApiProblems({ 400: 'AMBIGUOUS_REFERENCE', 404: 'IMAGE_NOT_FOUND' })
  save(@CurrentPrincipal() principal: Principal, @ImageRef() ref: string, @Res() response: Response): Promise<void> {
    return this.archives.save(principal.teamId, ref, response);
  }

  @Post('*ref/push')
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Push an image to a registry (docker push)', description: STREAMED })
  @ApiParam(REF)
  @ApiProduces('application/json', 'text/event-stream')
  @ApiOkResponse({ type: PushImageResponseDto })
  @ApiProblems({
    400: 'VALIDATION_FAILED, INVALID_REFERENCE, AMBIGUOUS_REFERENCE',
    403: 'HOST_ACCESS_DENIED (field target): a registry on a loopback, link-local or private address, unless BERTH_REGISTRY_ALLOW opens it',
    404: 'IMAGE_NOT_FOUND',
    502: 'REGISTRY_UNREACHABLE, REGISTRY_ERROR',
  })
  push(
    @CurrentPrincipal() principal: Principal,
    @ImageRef() ref: string,
    @Body() body: PushImageDto,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    return streamOrJson(request, response, (emit) => this.registry.push(principal, ref, body, (progress) => emit('progress', progress)));
  }

  @Post('*ref/tag')
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Give the image a name, moving it from any other image (docker tag)' })
  @ApiParam(REF)
  @ApiOkResponse({ type: ImageSummaryDto })
  @ApiProblems({ 400: 'VALIDATION_FAILED, INVALID_REFERENCE, AMBIGUOUS_REFERENCE', 404: 'IMAGE_NOT_FOUND' })
  tag(@CurrentPrincipal() principal: Principal, @ImageRef() ref: string, @Body() body: TagImageDto): Promise<ImageSummary> {
    return this.images.tag(principal.teamId, ref, body.reference);
  }

  @Get('*ref')
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'Inspect an image (docker image inspect)' })
  @ApiParam(REF)
  @ApiOkResponse({ type: ImageDetailDto })
  @ApiProblems({ 400: 'AMBIGUOUS_REFERENCE', 404: 'IMAGE_NOT_FOUND' })
  inspect(@CurrentPrincipal() principal: Principal, @ImageRef() ref: string): Promise<ImageDetail> {
    return this.images.inspect(principal.teamId, ref);
  }

  @Delete('*ref')
  @RequiresRole('operator')
  @ApiOperation({ summary: 'Untag or remove an image (docker rmi)' })
  @ApiParam(REF)
  @ApiOkResponse({ type: DeleteImageResponseDto })
  @ApiProblems({ 400: 'AMBIGUOUS_REFERENCE', 404: 'IMAGE_NOT_FOUND', 409: 'IMAGE_IN_USE: a container uses it (without force)' })
  remove(@CurrentPrincipal() principal: Principal, @ImageRef() ref: string, @Query() query: DeleteImageQueryDto): Promise<DeleteImageResponse> {
    return this.images.remove(principal.teamId, ref, query.force ?? false);
  }
}
