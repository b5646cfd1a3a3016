import type { DomainEvent } from '../../core/decider';

export type ActionFieldAdded = DomainEvent<
  'ActionFieldAdded',
  { actionFieldId: string; number: number; name: string; nameDe: string }
>;
export type ActionFieldRenamed = DomainEvent<
  'ActionFieldRenamed',
  { actionFieldId: string; name: string; nameDe: string; previousName: string; previousNameDe: string }
>;

export type ActionFieldEvent = ActionFieldAdded | ActionFieldRenamed;

export const ACTION_FIELD_EVENT_TYPES = ['ActionFieldAdded', 'ActionFieldRenamed'] as const;
