import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IntegrationFilterInput } from '../../integration-filter';
import { MAX_KEEP_PREVIOUS_HOURS } from '../../../webhooks/domain/webhooks.decider';

const URL_DESCRIPTION = 'https (or http) URL the events are POSTed to; no credentials in it (deliveries are signed)';

/** No webhookId: the service derives it, so a chosen id cannot be used to find out whether someone else has it. */
@InputType()
export class RegisterWebhookInput {
  @Field({ description: URL_DESCRIPTION })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  url!: string;

  @Field(() => IntegrationFilterInput, { nullable: true, description: 'Which events to deliver; omitted: all' })
  @IsOptional()
  @ValidateNested()
  @Type(() => IntegrationFilterInput)
  filter?: IntegrationFilterInput;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string | null;
}

@InputType()
export class UpdateWebhookInput {
  @Field(() => ID)
  @IsUUID()
  webhookId!: string;

  @Field({ nullable: true, description: URL_DESCRIPTION })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  url?: string;

  @Field(() => IntegrationFilterInput, { nullable: true, description: 'Replaces the filter; {} delivers all events' })
  @IsOptional()
  @ValidateNested()
  @Type(() => IntegrationFilterInput)
  filter?: IntegrationFilterInput;

  @Field(() => String, { nullable: true, description: 'An empty text clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

@InputType()
export class WebhookIdInput {
  @Field(() => ID)
  @IsUUID()
  webhookId!: string;
}

@InputType()
export class RotateWebhookSecretInput extends WebhookIdInput {
  @Field(() => Int, {
    defaultValue: 24,
    description: `Hours the previous secret keeps signing deliveries beside the new one (0–${MAX_KEEP_PREVIOUS_HOURS})`,
  })
  @IsInt()
  @Min(0)
  @Max(MAX_KEEP_PREVIOUS_HOURS)
  keepPreviousForHours = 24;
}

@InputType()
export class RedeliverWebhookInput extends WebhookIdInput {
  @Field(() => String, {
    nullable: true,
    description: 'Deliver again every matching event after this cursor (an event\'s `cursor`); null: from the start',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fromCursor?: string | null;
}
