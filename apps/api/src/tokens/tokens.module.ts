import { Module } from '@nestjs/common';
import { LastUsedTimes } from './last-used-times.service.js';
import { TokensController } from './tokens.controller.js';
import { TokensRepository } from './tokens.repository.js';
import { TokensService } from './tokens.service.js';

@Module({
  controllers: [TokensController],
  providers: [TokensService, TokensRepository, LastUsedTimes],
  exports: [TokensRepository, LastUsedTimes],
})
export class TokensModule {}
