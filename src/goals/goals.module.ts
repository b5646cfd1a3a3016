import { Module } from '@nestjs/common';
import { GOAL_COMMAND_HANDLERS } from './application/goal-lookups.handler';
import { GoalsMutations } from './api/goals.resolver';

@Module({ providers: [...GOAL_COMMAND_HANDLERS, GoalsMutations] })
export class GoalsModule {}
