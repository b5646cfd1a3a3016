/**
 * A minimal GraphQL client for the demo loader: the demo goes through the public API like any other client.
 * Every request carries a bearer token of its actor (the four-eyes rules need several people).
 */

export interface DemoActor {
  /** A user id such as `stm-halle-1`; never a person's name. */
  id: string;
  role: 'district_manager' | 'funding_officer' | 'admin';
  /** The districts a district manager manages; omitted: every district. */
  districts?: readonly string[];
}

/** The bearer token a demo actor sends. */
export type DemoTokens = (actor: DemoActor) => Promise<string>;

/** The mutations the demo sends, with the GraphQL type of their `input` argument. */
export const MUTATION_INPUT_TYPES = {
  addFundingProgramme: 'AddFundingProgrammeInput',
  registerDistrict: 'RegisterDistrictInput',
  establishBody: 'EstablishBodyInput',
  recordMeeting: 'RecordMeetingInput',
  adoptConceptVersion: 'AdoptConceptVersionInput',
  recordSwotAnalysis: 'RecordSwotAnalysisInput',
  recordActionFieldPlan: 'RecordActionFieldPlanInput',
  recordContextIndicatorValue: 'RecordContextIndicatorValueInput',
  correctContextIndicatorValue: 'CorrectContextIndicatorValueInput',
  defineGoal: 'DefineGoalInput',
  reviseGoal: 'ReviseGoalInput',
  addGoalIndicator: 'AddGoalIndicatorInput',
  recordGoalReview: 'RecordGoalReviewInput',
  markGoalAchieved: 'MarkGoalAchievedInput',
  planMeasure: 'PlanMeasureInput',
  approveMeasure: 'ApproveMeasureInput',
  startMeasure: 'StartMeasureInput',
  reportMeasureProgress: 'ReportMeasureProgressInput',
  suspendMeasure: 'MeasureReasonInput',
  resumeMeasure: 'MeasureIdInput',
  completeMeasure: 'CompleteMeasureInput',
  cancelMeasure: 'MeasureReasonInput',
  evaluateMeasure: 'EvaluateMeasureInput',
  submitGrantApplication: 'SubmitGrantApplicationInput',
  withdrawGrantApplication: 'GrantReasonInput',
  permitEarlyStart: 'PermitEarlyStartInput',
  approveGrant: 'ApproveGrantInput',
  rejectGrantApplication: 'RejectGrantApplicationInput',
  amendGrant: 'AmendGrantInput',
  disburseGrantFunds: 'DisburseGrantFundsInput',
  recordExpenditure: 'RecordExpenditureInput',
  submitProofOfUse: 'SubmitProofOfUseInput',
  queryProofOfUse: 'QueryProofOfUseInput',
  acceptProofOfUse: 'ProofOfUseRefInput',
  demandRepayment: 'DemandRepaymentInput',
  recordRepaymentReceived: 'RecordRepaymentReceivedInput',
  closeGrant: 'CloseGrantInput',
} as const;

export type DemoMutation = keyof typeof MUTATION_INPUT_TYPES;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** The `options` argument every mutation takes (CommandOptionsInput). */
export interface CommandOptions {
  commandId: string;
  reason?: string;
  decisionRef?: string;
  effectiveAt?: string;
}

export interface MutationOutcome {
  position: string | null;
  repeated: boolean;
  eventCount: number;
}

export interface ProjectionStatus {
  name: string;
  state: string;
  checkpoint: string | null;
  head: string | null;
  lag: number | null;
  error: { message: string; position: string } | null;
}

/** An error the service answered with (its `extensions.code`), or a transport failure (code `NETWORK`). */
export class DemoRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DemoRequestError';
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const REQUEST_TIMEOUT_MS = 30_000;

export class DemoClient {
  constructor(
    readonly url: string,
    private readonly tokens: DemoTokens,
  ) {}

  async request<T>(query: string, variables: Record<string, unknown>, actor: DemoActor): Promise<T> {
    const authorization = `Bearer ${await this.tokens(actor)}`;
    let response: Response;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new DemoRequestError('NETWORK', `${this.url} did not answer: ${describe(error)}`);
    }
    const text = await response.text();
    let body: GraphQLResponse<T>;
    try {
      body = JSON.parse(text) as GraphQLResponse<T>;
    } catch {
      throw new DemoRequestError('NOT_GRAPHQL', `${this.url} answered HTTP ${response.status} without JSON: ${text.slice(0, 200)}`);
    }
    const [first] = body.errors ?? [];
    if (first) throw new DemoRequestError(first.extensions?.code ?? 'ERROR', first.message);
    if (body.data === undefined || body.data === null) {
      throw new DemoRequestError('NOT_GRAPHQL', `${this.url} answered HTTP ${response.status} without data`);
    }
    return body.data;
  }

  /** Sends one command; the selection is the same for every payload type. */
  async mutate(mutation: DemoMutation, input: JsonObject, options: CommandOptions, actor: DemoActor): Promise<MutationOutcome> {
    const document = `mutation Demo($input: ${MUTATION_INPUT_TYPES[mutation]}!, $options: CommandOptionsInput) {
      ${mutation}(input: $input, options: $options) { position repeated eventCount }
    }`;
    const data = await this.request<Record<string, MutationOutcome>>(document, { input, options }, actor);
    return data[mutation];
  }

  /** Records a profile in the user directory (no event): the names behind the demo's user ids. */
  async recordUserProfile(profile: JsonObject, actor: DemoActor): Promise<void> {
    await this.request(
      'mutation Profile($input: RecordUserProfileInput!) { recordUserProfile(input: $input) { userId } }',
      { input: profile },
      actor,
    );
  }

  /** True when a GraphQL service answers at the URL (whatever it answers); false when nothing listens there. */
  async answers(timeoutMs = 2_000): Promise<boolean> {
    try {
      await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return true;
    } catch {
      return false;
    }
  }

  async projectionStatus(actor: DemoActor): Promise<ProjectionStatus[]> {
    const data = await this.request<{ projectionStatus: ProjectionStatus[] }>(
      '{ projectionStatus { name state checkpoint head lag error { message position } } }',
      {},
      actor,
    );
    return data.projectionStatus;
  }

  /**
   * Waits until every read model has processed `position` (each query waits at most ~2 s on the server, so it
   * is asked again while the service answers SERVICE_UNAVAILABLE).
   */
  async waitForPosition(position: string, actor: DemoActor, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.request('query Wait($position: String) { actionFields(waitForPosition: $position) { id } }', { position }, actor);
        return;
      } catch (error) {
        if (!(error instanceof DemoRequestError) || error.code !== 'SERVICE_UNAVAILABLE' || Date.now() > deadline) throw error;
      }
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
}
