import { Controller, Get, Head, HttpCode, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PATH_STAT_HEADER } from '@berth/contracts';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { ApiProblems } from '../http/openapi/api-problems.js';
import { ApiTextResponse } from '../http/openapi/text-response.js';
import { CopyFromContainer } from './copy-from-container.js';
import { CopyToContainer } from './copy-to-container.js';
import { ArchivePathQuery, ExtractArchiveQuery } from './dto/archive.query.js';
import { encodePathStat } from './files/path-stat.js';

/** Copying to and from a container (`berth cp`): a path as a tar, and a tar into a directory. */
@ApiTags('containers')
@Controller('containers')
export class ContainerFilesController {
  constructor(
    private readonly reader: CopyFromContainer,
    private readonly writer: CopyToContainer,
  ) {}

  @Get(':id/archive')
  @RequiresRole('viewer')
  @ApiOperation({ summary: 'A path of the container as a tar (berth cp CONTAINER:SRC DEST), running or stopped' })
  @ApiProduces('application/x-tar')
  @ApiTextResponse('application/x-tar', `The file, link or directory tree; its stat in the ${PATH_STAT_HEADER} header.`, 'binary')
  @ApiProblems({ 400: 'VALIDATION_FAILED, INVALID_PATH, TOO_MANY_LINKS', 404: 'CONTAINER_NOT_FOUND, PATH_NOT_FOUND', 409: 'IMAGE_GONE, INVALID_STATUS' })
  async archive(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: ArchivePathQuery, @Res() response: Response): Promise<void> {
    await this.reader.read(principal, id, query.path, async (stat, archive) => {
      response.status(200).setHeader('Content-Type', 'application/x-tar').setHeader(PATH_STAT_HEADER, encodePathStat(stat));
      // A tar cut short (the client left, a file vanished mid-walk) has no status left to send:
      // the client sees the stream end early, and the container is resumed all the same.
      await pipeline(archive, response).catch((error: unknown) => response.destroy(error as Error));
    });
  }

  @Head(':id/archive')
  @RequiresRole('viewer')
  @ApiOperation({ summary: `What is at a path of the container, in the ${PATH_STAT_HEADER} header (no body)` })
  @ApiOkResponse({ description: 'The path exists; its stat is in the header.', content: { 'application/x-tar': { schema: { type: 'string' } } } })
  @ApiProblems({ 400: 'VALIDATION_FAILED, INVALID_PATH, TOO_MANY_LINKS', 404: 'CONTAINER_NOT_FOUND, PATH_NOT_FOUND', 409: 'IMAGE_GONE, INVALID_STATUS' })
  async stat(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: ArchivePathQuery, @Res() response: Response): Promise<void> {
    const stat = await this.reader.stat(principal, id, query.path);
    response.status(200).setHeader(PATH_STAT_HEADER, encodePathStat(stat)).end();
  }

  @Put(':id/archive')
  @RequiresRole('operator')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unpack a tar into a directory of the container (berth cp SRC CONTAINER:DEST), running or stopped' })
  @ApiConsumes('application/x-tar')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiNoContentResponse({ description: 'Unpacked.' })
  @ApiProblems({
    400: 'VALIDATION_FAILED, INVALID_PATH, NOT_A_DIRECTORY, INVALID_ARCHIVE, UNSUPPORTED_ENTRY, TOO_MANY_LINKS',
    403: 'READ_ONLY_PATH',
    404: 'CONTAINER_NOT_FOUND, PATH_NOT_FOUND',
    409: 'WOULD_REPLACE, IMAGE_GONE, INVALID_STATUS',
    413: 'larger than BERTH_MAX_UPLOAD_SIZE (415 UNSUPPORTED_MEDIA_TYPE when not sent as application/x-tar)',
  })
  extract(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: ExtractArchiveQuery, @Req() request: Request): Promise<void> {
    return this.writer.execute(principal, id, query.path, request, {
      noOverwriteDirNonDir: query.noOverwriteDirNonDir ?? false,
      copyOwnership: query.copyUIDGID ?? false,
    });
  }
}
