// Turns SDK / network errors into a message a person can act on: what went wrong and what to do next.
// Works on error shapes only (name, code, message, $metadata), so it needs no SDK import.
import { withoutUserInfo } from './connection';

export type NextStep = 'connect' | 'refresh' | 'login' | 'none';

export interface FriendlyError {
  message: string;
  /** A short instruction shown after the message. */
  hint: string;
  next: NextStep;
}

export interface ErrorContext {
  endpoint?: string;
  region?: string;
  profile?: string;
  /** The API call, e.g. "dynamodb:ListTables", for access-denied messages. */
  action?: string;
  table?: string;
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
}

function flatten(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let current: unknown = err;
  for (let i = 0; i < 5 && current && typeof current === 'object'; i++) {
    out.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  if (out.length === 0) out.push({ message: String(err) });
  return out;
}

export function describeError(err: unknown, ctx: ErrorContext = {}): FriendlyError {
  const chain = flatten(err);
  const top = chain[0];
  const name = top.name ?? '';
  const text = chain.map((e) => `${e.name ?? ''} ${e.code ?? ''} ${e.message ?? ''}`).join(' ');
  const endpoint = ctx.endpoint && withoutUserInfo(ctx.endpoint);
  const where = endpoint ?? (ctx.region ? `DynamoDB in ${ctx.region}` : 'DynamoDB');

  // Node's network error codes are upper case: match them case-sensitively ("ResourceNotFound" ≠ ENOTFOUND).
  if (/\b(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH)\b|socket hang up/.test(text)) {
    return { message: `Cannot reach ${where}`, hint: 'Is it running? Check the endpoint, or Connect… to another one.', next: 'connect' };
  }
  if (/\b(ENOTFOUND|EAI_AGAIN)\b/.test(text)) {
    const what = endpoint ? `host of ${endpoint}` : `DynamoDB endpoint for region "${ctx.region ?? '?'}"`;
    return { message: `Cannot resolve the ${what}`, hint: 'Check the region or endpoint (Connect…), and your network.', next: 'connect' };
  }
  if (/\bTimeoutError\b|\bETIMEDOUT\b|timed out/.test(text)) {
    return { message: `No answer from ${where}`, hint: 'Check the network or the endpoint, then Refresh.', next: 'connect' };
  }
  if (/Region is missing|region.*not.*(set|specified)/i.test(text)) {
    return { message: 'No AWS region configured', hint: 'Connect… to choose a region, or set dynamodbStreams.region.', next: 'connect' };
  }
  if (/Invalid region|not a valid region/i.test(text)) {
    return { message: `"${ctx.region}" is not a valid region`, hint: 'Connect… to choose a region.', next: 'connect' };
  }
  if (/Profile .* (could not be found|not found)|could not resolve credentials using profile/i.test(text)) {
    return { message: `Profile "${ctx.profile ?? '?'}" not found in ~/.aws/config or ~/.aws/credentials`, hint: 'Connect… to pick an existing profile.', next: 'connect' };
  }
  if (/SSO|sso/.test(text) && /expired|token|login/i.test(text)) {
    return { message: `SSO session for profile "${ctx.profile ?? 'default'}" is missing or expired`, hint: `Run: aws sso login${ctx.profile ? ` --profile ${ctx.profile}` : ''}, then Refresh.`, next: 'login' };
  }
  if (name === 'ExpiredTokenException' || /security token .* expired/i.test(text)) {
    return { message: 'AWS credentials have expired', hint: 'Refresh your credentials (e.g. aws sso login), then Refresh.', next: 'login' };
  }
  if (name === 'UnrecognizedClientException' || name === 'InvalidSignatureException' || /security token included in the request is invalid/i.test(text)) {
    return { message: 'AWS rejected the credentials', hint: 'Check the access key of this profile, or Connect… to another profile.', next: 'connect' };
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials|Unable to load credentials|credential/i.test(name + ' ' + (top.message ?? '')) && !/AccessDenied/.test(name)) {
    return { message: `No credentials for profile "${ctx.profile ?? 'default'}"`, hint: 'Run aws configure or aws sso login, or Connect… to another profile.', next: 'connect' };
  }
  if (name === 'AccessDeniedException' || top.$metadata?.httpStatusCode === 403) {
    const action = /perform: ([\w:-]+)/.exec(text)?.[1] ?? ctx.action ?? 'this action';
    return { message: `Access denied: ${action}`, hint: 'Ask for that IAM permission, or Connect… with another profile.', next: 'connect' };
  }
  if (name === 'ResourceNotFoundException') {
    const what = ctx.table ? `Table "${ctx.table}" not found` : 'Not found';
    return { message: `${what}${ctx.region ? ` in ${ctx.region}` : ''}`, hint: 'It may have been deleted: Refresh the tree.', next: 'refresh' };
  }
  if (name === 'ResourceInUseException') {
    return { message: `Table${ctx.table ? ` "${ctx.table}"` : ''} is being updated`, hint: 'Wait until it is ACTIVE, then try again.', next: 'refresh' };
  }
  if (name === 'LimitExceededException' || name === 'ThrottlingException' || name === 'ProvisionedThroughputExceededException') {
    return { message: 'AWS is throttling requests', hint: 'Wait a moment, then Refresh.', next: 'refresh' };
  }
  if (name === 'ValidationException') {
    return { message: top.message ?? 'Request rejected by DynamoDB', hint: 'Check the input and try again.', next: 'none' };
  }
  const detail = top.message || name || String(err);
  return { message: detail, hint: 'See the "DynamoDB Streams" output for details.', next: 'none' };
}

/** One line: message — hint. */
export function formatError(err: unknown, ctx?: ErrorContext): string {
  const f = describeError(err, ctx);
  return `${f.message} — ${f.hint}`;
}
