import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuditList } from '@berth/contracts';
import type { Response } from 'express';
import { RequiresRole } from '../auth/access-rule.js';
import { CurrentPrincipal, type Principal } from '../auth/principal.js';
import { ApiPageResponse } from '../http/openapi/api-page-response.js';
import { ApiProblems } from '../http/openapi/api-problems.js';
import { ApiTextResponse } from '../http/openapi/text-response.js';
import { auditFilterOf, auditViewOf } from './audit-view.js';
import { AuditService } from './audit.service.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';
import { AuditRecordDto } from './dto/audit-record.dto.js';

@ApiTags('audit')
@Controller('audit')
@RequiresRole('admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiPageResponse(AuditRecordDto, "The team's audit records, newest first.")
  @ApiProblems({ 400: 'VALIDATION_FAILED' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: AuditQueryDto): Promise<AuditList> {
    const { total, items } = await this.audit.list(auditFilterOf(principal.teamId, query), { offset: query.offset ?? 0, limit: query.limit ?? 100 });
    return { total, items: items.map(auditViewOf) };
  }

  @Get('export')
  @ApiProduces('application/x-ndjson')
  @ApiTextResponse('application/x-ndjson', 'Every matching record (an AuditRecordDto), oldest first, one JSON object a line (offset and limit do not apply).')
  @ApiProblems({ 400: 'VALIDATION_FAILED' })
  async export(@CurrentPrincipal() principal: Principal, @Query() query: AuditQueryDto, @Res() response: Response): Promise<void> {
    response.status(200).type('application/x-ndjson');
    response.setHeader('Content-Disposition', `attachment; filename="berth-audit-${principal.teamName}.jsonl"`);
    for await (const row of this.audit.stream(auditFilterOf(principal.teamId, query))) {
      if (!response.write(`${JSON.stringify(auditViewOf(row))}\n`)) await new Promise((resolve) => response.once('drain', resolve));
    }
    response.end();
  }
}
