import { Global, Module } from '@nestjs/common';
import { DefaultTeamService } from './default-team.service.js';
import { MembersController } from './members.controller.js';
import { TeamsController } from './teams.controller.js';
import { TeamsRepository } from './teams.repository.js';
import { TeamsService } from './teams.service.js';

@Global()
@Module({
  controllers: [TeamsController, MembersController],
  providers: [DefaultTeamService, TeamsRepository, TeamsService],
  exports: [DefaultTeamService, TeamsRepository],
})
export class TeamsModule {}
