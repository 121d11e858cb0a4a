// A stream's Lambda triggers (event source mappings) over an injected LambdaClient. An endpoint that has no Lambda API
// (unknown operation, nothing listening, 404) is remembered for the connection: the tree then says so at once instead
// of asking again for every stream.
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  LambdaClient,
  paginateListEventSourceMappings,
  paginateListFunctions,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { readAwsError } from '../core/connection/awsError';
import { redactEndpoint } from '../core/connection/connection';
import { toLambdaTrigger, toLambdaTriggers, type LambdaTrigger } from '../core/lambda/lambdaTriggers';
import { createMappingRequest, updateFilterRequest, type NewTrigger } from '../core/lambda/triggerRequests';

export type TriggerListing = { available: true; triggers: LambdaTrigger[] } | { available: false; reason: string };

/** Lists a stream's event source mappings (the tree's source). */
export interface LambdaTriggerSource {
  /** Set once the connection is known to have no Lambda API (shown on the node without asking). */
  readonly unavailableReason?: string;
  list(streamArn: string): Promise<TriggerListing>;
}

/** Mappings per ListEventSourceMappings page (the API's maximum). */
export const PAGE_SIZE = 100;

export class LambdaTriggersService implements LambdaTriggerSource {
  unavailableReason?: string;
  /** Why the connection has no Lambda at all (known from its settings, not learned from an answer). */
  private readonly configuredReason?: string;

  /** `client` undefined: this connection has no Lambda to ask (`reason` says why). */
  constructor(private readonly client: LambdaClient | undefined, private readonly endpoint: string | undefined, reason?: string) {
    this.configuredReason = client ? undefined : (reason ?? 'Lambda triggers are not available for this connection');
    this.unavailableReason = this.configuredReason;
  }

  /** Asks the endpoint again from now on (Refresh: it may have started meanwhile). */
  forgetAnswers(): void {
    this.unavailableReason = this.configuredReason;
  }

  async list(streamArn: string): Promise<TriggerListing> {
    if (!this.client || this.unavailableReason) return { available: false, reason: this.unavailableReason ?? '' };
    const pages = [];
    try {
      for await (const page of paginateListEventSourceMappings({ client: this.client, pageSize: PAGE_SIZE }, { EventSourceArn: streamArn })) {
        pages.push(page.EventSourceMappings);
      }
    } catch (err) {
      const reason = this.noLambdaApi(err);
      if (!reason) throw err;
      this.unavailableReason = reason;
      return { available: false, reason };
    }
    return { available: true, triggers: toLambdaTriggers(pages) };
  }

  /** Why the endpoint cannot be a Lambda API, or undefined for an error worth showing (access denied, throttling…). */
  private noLambdaApi(err: unknown): string | undefined {
    const info = readAwsError(err);
    const shown = this.endpoint && redactEndpoint(this.endpoint);
    const where = shown ?? 'this endpoint';
    if (info.kind === 'unsupported') return `${where} has no Lambda API`;
    // A custom endpoint (AWS_ENDPOINT_URL_LAMBDA) that does not answer, or answers 404 to Lambda's paths.
    if (shown && info.kind === 'network' && info.network !== 'timeout') return `No Lambda API answers at ${shown}`;
    if (shown && info.status === 404 && info.kind === 'unknown') return `${shown} has no Lambda API (HTTP 404)`;
    return undefined;
  }

  /** The client, or an error saying why this connection has none (the commands show it). */
  private requireClient(): LambdaClient {
    if (!this.client || this.configuredReason) throw new Error(this.configuredReason ?? 'Lambda is not available for this connection');
    return this.client;
  }

  /** The account's functions (ListFunctions pages of 50), sorted by name. */
  async listFunctions(): Promise<{ name: string; arn?: string; runtime?: string }[]> {
    const functions: { name: string; arn?: string; runtime?: string }[] = [];
    for await (const page of paginateListFunctions({ client: this.requireClient(), pageSize: 50 }, {})) {
      for (const f of page.Functions ?? []) if (f.FunctionName) functions.push({ name: f.FunctionName, arn: f.FunctionArn, runtime: f.Runtime });
    }
    return functions.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** CreateEventSourceMapping; Lambda's refusals reach the caller as Lambda words them. */
  async create(spec: NewTrigger): Promise<LambdaTrigger> {
    return toLambdaTrigger(await this.requireClient().send(new CreateEventSourceMappingCommand(createMappingRequest(spec))));
  }

  /** UpdateEventSourceMapping with a new FilterCriteria (the others stay). */
  async updateFilter(uuid: string, filterText: string): Promise<LambdaTrigger> {
    return toLambdaTrigger(await this.requireClient().send(new UpdateEventSourceMappingCommand(updateFilterRequest(uuid, filterText))));
  }

  /** DeleteEventSourceMapping: the function stays; it stops reading the stream (the mapping is Deleting for a while). */
  async delete(uuid: string): Promise<LambdaTrigger> {
    return toLambdaTrigger(await this.requireClient().send(new DeleteEventSourceMappingCommand({ UUID: uuid })));
  }
}
