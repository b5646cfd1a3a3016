import type { Command } from '../../core/decider';
import type { BodyFacts, RecordedDecision } from '../../bodies/domain/bodies.events';
import type {
  ActionFieldPlanContent,
  ContextIndicatorValueCorrected,
  ContextIndicatorValueRecorded,
  DistrictProfile,
  DistrictProgrammeClosed,
  SwotItem,
} from './districts.events';

// Commands that refer to other streams carry `references`: what the handler found there (the catalogue, bodies),
// so the decider can judge the references without I/O.

export type RegisterDistrict = Command<'RegisterDistrict', { districtId: string } & DistrictProfile>;
export type UpdateDistrictProfile = Command<
  'UpdateDistrictProfile',
  { districtId: string; changes: Partial<DistrictProfile> }
>;

export type AdoptConceptVersion = Command<
  'AdoptConceptVersion',
  {
    districtId: string;
    title: string;
    adoptedOn: string;
    decisionRef: string;
    summary: string;
    /** The cited decision as its body recorded it; null when no body recorded it. */
    references: { decision: RecordedDecision | null };
  }
>;

export type RecordSwotAnalysis = Command<
  'RecordSwotAnalysis',
  {
    districtId: string;
    conductedOn: string;
    items: SwotItem[];
    participatingBodyIds: string[];
    /** `bodies`: those of the participating bodies that exist. */
    references: { knownActionFieldIds: readonly string[]; bodies: readonly BodyFacts[] };
  }
>;

export type RecordActionFieldPlan = Command<
  'RecordActionFieldPlan',
  { districtId: string; actionFieldId: string; references: { knownActionFieldIds: readonly string[] } } & ActionFieldPlanContent
>;

export type RecordContextIndicatorValue = Command<'RecordContextIndicatorValue', ContextIndicatorValueRecorded['data']>;

export type CorrectContextIndicatorValue = Command<
  'CorrectContextIndicatorValue',
  Omit<ContextIndicatorValueCorrected['data'], 'previousValue' | 'previousSource'>
>;

export type CloseDistrictProgramme = Command<'CloseDistrictProgramme', DistrictProgrammeClosed['data']>;

export type DistrictCommand =
  | RegisterDistrict
  | UpdateDistrictProfile
  | AdoptConceptVersion
  | RecordSwotAnalysis
  | RecordActionFieldPlan
  | RecordContextIndicatorValue
  | CorrectContextIndicatorValue
  | CloseDistrictProgramme;
