import type { Command } from '../../core/decider';

export interface ActionFieldDefinition {
  actionFieldId: string;
  name: string;
  nameDe: string;
}

export type SeedDefaultActionFields = Command<'SeedDefaultActionFields', { defaults: readonly ActionFieldDefinition[] }>;
export type AddActionField = Command<'AddActionField', ActionFieldDefinition>;
export type RenameActionField = Command<'RenameActionField', ActionFieldDefinition>;

export type ActionFieldCommand = SeedDefaultActionFields | AddActionField | RenameActionField;

/** The eight default action fields (Handlungsfelder) of the programme "Sozialer Zusammenhalt", in their order. */
export const DEFAULT_ACTION_FIELDS: readonly ActionFieldDefinition[] = [
  {
    actionFieldId: 'participation-integration',
    name: 'Activation and participation of disadvantaged residents / social and ethnic integration',
    nameDe: 'Aktivierung und Beteiligung benachteiligter Bewohner / soziale und ethnische Integration',
  },
  { actionFieldId: 'public-space-safety', name: 'Public space / safety', nameDe: 'Öffentlicher Raum / Sicherheit' },
  {
    actionFieldId: 'housing-environment',
    name: 'Housing / residential environment',
    nameDe: 'Wohnen / Wohnumfeld',
  },
  {
    actionFieldId: 'social-infrastructure-youth',
    name: 'Social infrastructure / children / youth',
    nameDe: 'Soziale Infrastruktur / Kinder / Jugendliche',
  },
  {
    actionFieldId: 'employment-local-economy',
    name: 'Employment / qualification / training / local economy',
    nameDe: 'Beschäftigung / Qualifizierung / Ausbildung / lokale Ökonomie',
  },
  {
    actionFieldId: 'social-circumstances-health',
    name: 'Special social circumstances / health promotion',
    nameDe: 'Besondere soziale Lebenslagen / Gesundheitsförderung',
  },
  { actionFieldId: 'coordination-networking', name: 'Coordination / networking', nameDe: 'Koordination / Vernetzung' },
  {
    actionFieldId: 'image-public-relations',
    name: 'Image (internal, external) / public relations',
    nameDe: 'Image (nach innen, nach außen) / Öffentlichkeitsarbeit',
  },
];
