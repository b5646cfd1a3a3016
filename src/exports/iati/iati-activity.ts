import type { ActionFieldDoc } from '../../../projections/action-fields/action-fields.projection';
import type { DistrictDoc } from '../../../projections/districts/districts.projection';
import type { FundingProgrammeDoc } from '../../../projections/funding-programmes/funding-programmes.projection';
import type { GoalDoc, IndicatorDoc } from '../../../projections/goals/goals.projection';
import type { GrantDoc } from '../../../projections/grants/grants.projection';
import { type MeasureDoc } from '../../../projections/measures/measures.projection';
import type { IndicatorValue } from '../../goals/domain/goals.events';
import { formatCents, formatHundredths } from '../../core/money';
import { OUTPUT_COUNTS } from '../../measures/domain/measures.events';
import type { GrantTransaction } from '../grant-transactions';
import {
  ACTIVITY_DATE,
  ACTIVITY_STATUS,
  BUDGET_STATUS_COMMITTED,
  BUDGET_TYPE,
  CURRENCY,
  FUNDER_ORG_TYPE,
  FUNDING_LEVEL_DE,
  INDICATOR_MEASURE,
  IATI_VERSION,
  ORG_ROLE,
  ORG_TYPE_GOVERNMENT,
  RECIPIENT_COUNTRY,
  REPORTING_ORG_VOCABULARY,
  RESULT_TYPE,
  SPONSOR_ORG_TYPE,
} from './iati-codes';
import { el, textEl, type XmlElement, xmlDocument } from './xml';

/**
 * IATI 2.03 activity XML for one measure: a pure function from read-model documents to the file's text.
 * Elements follow the order of the iati-activity sequence in iati-activities-schema.xsd (2.03).
 */

/** The read-model documents the activity is built from. */
export interface IatiActivitySource {
  measure: MeasureDoc;
  district: DistrictDoc;
  /** Catalogue entries of the measure's action fields (missing ones are reported by id). */
  actionFields: readonly ActionFieldDoc[];
  /**
   * The measure's grants in link order, each with its programme (null when the programme is not in the catalogue)
   * and its transactions as grant-transactions.ts maps the grant's events.
   */
  grants: readonly { grant: GrantDoc; programme: FundingProgrammeDoc | null; transactions: readonly GrantTransaction[] }[];
  /** The goals the measure contributes to, in the order of its contributions. */
  goals: readonly GoalDoc[];
}

export interface IatiWriteOptions {
  /** reporting-org/@ref and the prefix of the iati-identifier. */
  orgRef: string;
  /** iati-activities/@generated-datetime. */
  generatedAt: Date;
}

const LANG = 'de';

/** A number as xsd:decimal (never in exponent notation). */
export function formatDecimal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
  const plain = String(value);
  if (!/e/i.test(plain)) return plain;
  // Large values are integers in a double; tiny ones fit in 20 decimals (anything smaller rounds to 0).
  if (Number.isInteger(value)) return BigInt(value).toString();
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

/** The ISO-8601 extended form is what xsd:dateTime expects; `toISOString` gives it in UTC. */
const dateTime = (at: Date) => at.toISOString();

/** The IATI identifier: `<reporting-org ref>-<measure code>`. */
export const iatiIdentifier = (orgRef: string, measureCode: string) => `${orgRef}-${measureCode}`;

const narrative = (text: string, lang: string | null = LANG) => textEl('narrative', { 'xml:lang': lang }, text);
/** An element holding one German narrative (title, description, comment, org names). */
const withNarrative = (name: string, text: string, attrs: Record<string, string | number | undefined> = {}) =>
  el(name, attrs, [narrative(text)]);

const approvedGrants = (source: IatiActivitySource) =>
  source.grants.filter(({ grant }) => grant.approvalVersions.length > 0);

const programmeName = ({ grant, programme }: IatiActivitySource['grants'][number]) =>
  programme ? programme.name : `${grant.fund} (${grant.programmeId})`;

/** The programme as the organisation that provides the money. */
const providerOrg = (entry: IatiActivitySource['grants'][number]) =>
  el('provider-org', { type: FUNDER_ORG_TYPE[entry.grant.programmeLevel] }, [narrative(programmeName(entry))]);

function participatingOrgs(source: IatiActivitySource): XmlElement[] {
  const funders = new Map<string, XmlElement>();
  for (const entry of approvedGrants(source)) {
    if (funders.has(entry.grant.programmeId)) continue;
    const { programmeLevel, fund } = entry.grant;
    funders.set(
      entry.grant.programmeId,
      el('participating-org', { role: ORG_ROLE.FUNDING, type: FUNDER_ORG_TYPE[programmeLevel] }, [
        narrative(`${programmeName(entry)} (${FUNDING_LEVEL_DE[programmeLevel]}, ${fund})`),
      ]),
    );
  }
  const { sponsor } = source.measure;
  const implementing = el('participating-org', { role: ORG_ROLE.IMPLEMENTING, type: SPONSOR_ORG_TYPE[sponsor.type] }, [
    narrative(sponsor.name),
  ]);
  return [...funders.values(), implementing];
}

function activityDates(measure: MeasureDoc): XmlElement[] {
  const date = (type: number, isoDate: string | null) =>
    isoDate ? el('activity-date', { type, 'iso-date': isoDate }) : null;
  return [
    date(ACTIVITY_DATE.PLANNED_START, measure.plannedStartDate),
    date(ACTIVITY_DATE.ACTUAL_START, measure.actualStartDate),
    date(ACTIVITY_DATE.PLANNED_END, measure.plannedEndDate),
    date(ACTIVITY_DATE.ACTUAL_END, measure.actualEndDate),
  ].filter((e): e is XmlElement => e !== null);
}

/**
 * The action fields as sectors of the reporting organisation's own vocabulary (99): the code is the catalogue id,
 * the narrative its German name. The measure gives the fields no weights, so they share 100 % evenly (in hundredths,
 * the first ones taking the remainder, so the sum is exactly 100).
 */
function sectors(source: IatiActivitySource): XmlElement[] {
  const ids = [...new Set(source.measure.actionFieldIds)];
  if (ids.length === 0) return [];
  const names = new Map(source.actionFields.map((field) => [field.id, field.nameDe || field.name]));
  const base = Math.floor(10_000 / ids.length);
  const remainder = 10_000 - base * ids.length;
  return ids.map((id, i) => {
    const hundredths = base + (i < remainder ? 1 : 0);
    return el(
      'sector',
      { vocabulary: REPORTING_ORG_VOCABULARY, code: id, percentage: formatHundredths(hundredths) },
      [narrative(names.get(id) ?? id)],
    );
  });
}

const value = (cents: number, valueDate: string) => textEl('value', { currency: CURRENCY, 'value-date': valueDate }, formatCents(cents));

/** Original budget: the first approval's maximum over its period; revised: each amendment's maximum over its period. */
function budgets(source: IatiActivitySource): XmlElement[] {
  return approvedGrants(source).flatMap(({ grant }) =>
    grant.approvalVersions.map((version, i) =>
      el('budget', { type: i === 0 ? BUDGET_TYPE.ORIGINAL : BUDGET_TYPE.REVISED, status: BUDGET_STATUS_COMMITTED }, [
        el('period-start', { 'iso-date': version.approvalPeriod.from }),
        el('period-end', { 'iso-date': version.approvalPeriod.to }),
        value(version.maximumAmount, version.decidedOn),
      ]),
    ),
  );
}

type Transaction = { date: string; element: XmlElement };

/** The German description of a transaction; payee and purpose of an expenditure are left out (free text that might name a person). */
function describeDe(t: GrantTransaction, reference: string, authority: string | undefined): string {
  const { source } = t;
  switch (source.kind) {
    case 'approval':
      return `Zuwendungsbescheid ${reference}${authority ? ` (${authority})` : ''}`;
    case 'amendment':
      return `Änderungsbescheid ${t.approvalVersion} zu ${reference}: ${source.reason}`;
    case 'revocation':
      return `Widerruf des Zuwendungsbescheids ${reference} (nicht ausgezahlter Betrag): ${source.reason}`;
    case 'closing':
      return `Abschluss der Zuwendung ${reference} (nicht ausgezahlter oder zurückgezahlter Betrag)`;
    case 'disbursement':
      return `Mittelabruf zu ${reference}, benötigt bis ${source.neededBy}`;
    case 'expenditure':
      return `Ausgabe zu ${reference}, Beleg ${source.receiptReference}, Haushaltsposition ${source.budgetLine}`;
    case 'repayment':
      return `Rückzahlung zu ${reference} (Rückforderung ${source.demandId})`;
  }
}

function grantTransactions(entry: IatiActivitySource['grants'][number]): Transaction[] {
  const reference = entry.grant.approval?.referenceNumber ?? entry.grant.id;
  const authority = entry.grant.approval?.authority;
  return entry.transactions.map((t) => ({
    date: t.date,
    element: el('transaction', { ref: t.reference }, [
      el('transaction-type', { code: t.typeCode }),
      el('transaction-date', { 'iso-date': t.date }),
      value(t.value, t.date),
      withNarrative('description', describeDe(t, t.approvalReference ?? reference, authority)),
      providerOrg(entry),
    ]),
  }));
}

/** All transactions of the approved grants, by date (stable: same-day rows keep the order of the grant's events). */
function transactions(source: IatiActivitySource): XmlElement[] {
  return approvedGrants(source)
    .flatMap(grantTransactions)
    .map((t, i) => ({ ...t, i }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.i - b.i))
    .map((t) => t.element);
}

/** `value` for a numeric indicator value; null for text (qualitative), which goes into the comment. */
const numericValue = (v: IndicatorValue) => (typeof v === 'number' ? formatDecimal(v) : null);
const valueText = (v: IndicatorValue) => (typeof v === 'number' ? formatDecimal(v) : v);

function indicator(goal: GoalDoc, ind: IndicatorDoc): XmlElement {
  const qualitative = ind.measureType === 'QUALITATIVE';
  const valueAttr = (v: IndicatorValue) => (qualitative ? null : numericValue(v));
  const periods = goal.reviews.flatMap((review) => {
    const m = review.measurements.find((x) => x.indicatorId === ind.indicatorId);
    if (!m) return [];
    return [
      el('period', {}, [
        el('period-start', { 'iso-date': review.period.from }),
        el('period-end', { 'iso-date': review.period.to }),
        el('target', { value: valueAttr(m.target.value) }, [
          withNarrative('comment', `${qualitative ? `Ziel: ${valueText(m.target.value)}; ` : ''}zu erreichen bis ${m.target.date}`),
        ]),
        el('actual', { value: valueAttr(m.value) }, [
          withNarrative(
            'comment',
            `${qualitative ? `Stand: ${valueText(m.value)}; ` : ''}gemessen am ${m.measuredOn}, Quelle: ${m.source}; ` +
              `Zielerreichungskontrolle vom ${review.reviewedOn}`,
          ),
        ]),
      ]),
    ];
  });
  const unit = ind.unit.trim();
  return el('indicator', { measure: INDICATOR_MEASURE[ind.measureType], ascending: ind.direction === 'ASCENDING' }, [
    withNarrative('title', ind.name),
    unit ? withNarrative('description', `Einheit: ${unit}`) : null,
    el('reference', { vocabulary: REPORTING_ORG_VOCABULARY, code: ind.code }),
    el('baseline', { year: ind.baseline.date.slice(0, 4), 'iso-date': ind.baseline.date, value: valueAttr(ind.baseline.value) }, [
      withNarrative('comment', `${qualitative ? `${valueText(ind.baseline.value)}; ` : ''}Quelle: ${ind.baseline.source}`),
    ]),
    ...periods,
  ]);
}

/** A goal the measure contributes to, as an outcome with its indicators, each with one period per review. */
function goalResult(goal: GoalDoc): XmlElement | null {
  if (goal.indicators.length === 0) return null;
  return el('result', { type: RESULT_TYPE.OUTCOME }, [
    withNarrative('title', goal.title),
    goal.description.trim() ? withNarrative('description', goal.description) : null,
    ...goal.indicators.map((ind) => indicator(goal, ind)),
  ]);
}

const OUTPUT_TITLES_DE: Record<(typeof OUTPUT_COUNTS)[number], string> = {
  participants: 'Teilnehmende',
  longTermUnemployedPlacedInSocialInstitutions: 'In soziale Einrichtungen vermittelte Langzeitarbeitslose',
  participantsWithImprovedEmployability: 'Teilnehmende mit verbesserter Beschäftigungsfähigkeit',
  employmentOpportunitiesCreated: 'Geschaffene Beschäftigungsmöglichkeiten',
};

/** The measure's own output counts (cumulative, counts only) as an output result, up to the latest progress report. */
function outputResult(measure: MeasureDoc): XmlElement | null {
  const start = measure.actualStartDate ?? measure.plannedStartDate;
  const end = measure.lastReportedOn;
  const counts = OUTPUT_COUNTS.filter((key) => typeof measure.outputs[key] === 'number');
  if (!end || end < start || counts.length === 0) return null;
  return el('result', { type: RESULT_TYPE.OUTPUT }, [
    withNarrative('title', `Outputs der Maßnahme ${measure.code}`),
    ...counts.map((key) =>
      el('indicator', { measure: INDICATOR_MEASURE.UNIT, ascending: true }, [
        withNarrative('title', OUTPUT_TITLES_DE[key]),
        el('reference', { vocabulary: REPORTING_ORG_VOCABULARY, code: key }),
        el('period', {}, [
          el('period-start', { 'iso-date': start }),
          el('period-end', { 'iso-date': end }),
          el('actual', { value: formatDecimal(measure.outputs[key] as number) }),
        ]),
      ]),
    ),
  ]);
}

/** The latest change to any document the activity is built from. */
function lastUpdated(source: IatiActivitySource): string {
  const stamps = [
    source.measure.updatedAt,
    source.district.updatedAt,
    ...source.grants.flatMap(({ grant, programme }) => [grant.updatedAt, programme?.updatedAt]),
    ...source.goals.map((goal) => goal.updatedAt),
  ].filter((s): s is string => typeof s === 'string' && s !== '');
  return stamps.reduce((latest, s) => (s > latest ? s : latest));
}

/** The `iati-activity` element of the measure. */
export function iatiActivity(source: IatiActivitySource, orgRef: string): XmlElement {
  const { measure, district } = source;
  const description =
    measure.description?.trim() ||
    `${measure.title}: Maßnahme ${measure.code} im Stadtteil ${district.name} (${district.municipality}), ${measure.location}`;
  return el(
    'iati-activity',
    { 'last-updated-datetime': lastUpdated(source), 'xml:lang': LANG, 'default-currency': CURRENCY },
    [
      textEl('iati-identifier', {}, iatiIdentifier(orgRef, measure.code)),
      el('reporting-org', { ref: orgRef, type: ORG_TYPE_GOVERNMENT }, [narrative(district.municipality)]),
      withNarrative('title', measure.title),
      withNarrative('description', description, { type: 1 }),
      ...participatingOrgs(source),
      el('activity-status', { code: ACTIVITY_STATUS[measure.status] }),
      ...activityDates(measure),
      el('recipient-country', { code: RECIPIENT_COUNTRY, percentage: 100 }),
      ...sectors(source),
      ...budgets(source),
      ...transactions(source),
      outputResult(measure),
      ...source.goals.map(goalResult),
    ],
  );
}

/** The whole file: `iati-activities` (version 2.03) with the one activity. */
export function writeIatiActivitiesXml(source: IatiActivitySource, options: IatiWriteOptions): string {
  return xmlDocument(
    el('iati-activities', { version: IATI_VERSION, 'generated-datetime': dateTime(options.generatedAt) }, [
      iatiActivity(source, options.orgRef),
    ]),
  );
}
