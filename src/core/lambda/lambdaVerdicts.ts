// A tail panel's Lambda filter state in the host: the filter in force, whether only the records it passes are shown,
// each held record's verdict (cached until the filter changes) and how many held records would invoke, kept exact as
// records arrive and are evicted. Used by TailSession; pure.
import { parseLambdaFilter, type LambdaFilter } from './filter/lambdaFilter';
import { compileFilterText } from './filter/lambdaFilterParse';
import { lambdaFilterInputOf, lambdaFilterInputOfLine, type LambdaSource } from './lambdaPanel';
import { lambdaLinePrecheck, type LinePrecheck } from './filter/lambdaPrecheck';
import type { StreamRecord } from '../records/model';
import type { LambdaCounts, LambdaFilterState, LambdaVerdict } from '../panel/protocol';
import { recordFromJsonLine } from '../records/recordJson';

/** What a held record carries for the Lambda filter: its JSON line, and its verdict under filter generation `lambdaGen`. */
export interface LambdaHeld {
  json: string;
  lambda?: boolean;
  lambdaGen?: number;
}

export class LambdaVerdicts<H extends LambdaHeld> {
  private filter?: LambdaFilter;
  private text = '';
  /** Show only the records the filter passes. */
  only = false;
  /** Bumped by every new filter: a verdict of another generation is stale. */
  private gen = 0;
  private matched = 0;
  /**
   * Each held record's filter input (its Lambda event record), kept while a filter is set so that editing the filter
   * re-evaluates without parsing every record again; dropped with the filter, evicted records go with it (weak keys).
   */
  private inputs?: WeakMap<H, unknown>;
  /** Rules out, on its JSON line alone, a record that cannot match (lambdaPrecheck.ts); undefined when none can be. */
  private precheck?: LinePrecheck;

  constructor(private readonly source: () => LambdaSource) {}

  get active(): boolean {
    return this.filter !== undefined;
  }

  get state(): LambdaFilterState {
    return { text: this.text, only: this.only };
  }

  /** Held records the filter passes, of `held`; undefined without a filter. */
  counts(held: number): LambdaCounts | undefined {
    return this.filter ? { wouldInvoke: this.matched, held } : undefined;
  }

  /**
   * Sets (empty text: clears) the filter and evaluates it over every held record. Invalid text changes nothing: the
   * parser's message comes back.
   */
  set(text: string, held: Iterable<H>): { error?: string } {
    const trimmed = text.trim();
    if (trimmed === '') {
      this.filter = undefined;
      this.text = '';
      this.inputs = undefined;
      this.precheck = undefined;
    } else {
      const parsed = parseLambdaFilter(trimmed);
      if (!parsed.ok) return { error: parsed.error };
      this.filter = parsed.filter;
      this.text = trimmed;
      this.precheck = lambdaLinePrecheck(compileFilterText(trimmed));
    }
    this.reevaluate(held);
    return {};
  }

  /** Verdicts for every held record under the current filter; returns how many pass. */
  reevaluate(held: Iterable<H>): number {
    this.gen++;
    this.matched = 0;
    if (!this.filter) return 0;
    for (const h of held) if (this.passes(h)) this.matched++;
    return this.matched;
  }

  /** A record is held (`record`: as received, saves parsing it); `evicted`: the one it pushed out, if any. */
  add(held: H, record: StreamRecord, evicted: H | undefined): void {
    if (!this.filter) return;
    if (evicted) this.evicted(evicted);
    if (this.passes(held, record)) this.matched++;
  }

  /** A held record was evicted without a new one taking its place (the record cap was lowered). */
  evicted(held: H): void {
    if (this.filter && this.passes(held)) this.matched--;
  }

  /** Every held record was dropped (clear, restart). */
  cleared(): void {
    this.matched = 0;
  }

  /** The cached verdict of the current filter (true without one), computed once per record and filter. */
  passes(held: H, record?: StreamRecord): boolean {
    if (!this.filter) return true;
    if (held.lambdaGen !== this.gen) {
      const inputs = (this.inputs ??= new WeakMap());
      let input = inputs.get(held);
      if (input === undefined && this.precheck && this.source().source === 'dynamodb' && !this.precheck(held.json)) {
        held.lambda = false;
        held.lambdaGen = this.gen;
        return false;
      }
      if (input === undefined) {
        input = record ? lambdaFilterInputOf(record, this.source()) : lambdaFilterInputOfLine(held.json, this.source(), recordFromJsonLine);
        inputs.set(held, input);
      }
      held.lambda = this.filter.matches(input);
      held.lambdaGen = this.gen;
    }
    return held.lambda === true;
  }

  /** Why the filter does not pass a record (the first rule that failed); undefined without a filter. */
  explain(held: H): LambdaVerdict | undefined {
    return this.filter?.explain(lambdaFilterInputOf(recordFromJsonLine(held.json), this.source()));
  }
}
