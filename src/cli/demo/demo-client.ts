/** A minimal GraphQL client for the demo loader: the demo goes through the public API like any other client. */
export interface DemoActor {
  id: string;
  role: string;
}

export interface MutationOutcome {
  position: string | null;
  repeated: boolean;
}

export class DemoClient {
  constructor(private readonly url: string) {}

  async request<T>(query: string, variables: Record<string, unknown>, actor?: DemoActor): Promise<T> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        // Outside production the service accepts a development identity per request; four-eyes rules need two.
        ...(actor ? { 'x-dev-actor': `${actor.id}:${actor.role}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    if (body.errors?.length) {
      const [first] = body.errors;
      throw new Error(`${first.extensions?.code ?? 'ERROR'}: ${first.message}`);
    }
    return body.data as T;
  }

  /** Runs a mutation whose selection is `{ position repeated }` under the given field name. */
  async mutate(field: string, query: string, variables: Record<string, unknown>, actor: DemoActor): Promise<MutationOutcome> {
    const data = await this.request<Record<string, MutationOutcome>>(query, variables, actor);
    return data[field];
  }
}
