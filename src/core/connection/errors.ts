// Turns SDK / network errors into a message a person can act on: what went wrong and what to do next.
// The error itself is read (and classified) by awsError.ts, shared with the stream reader's retry policy.
import { readAwsError } from './awsError';
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

export function describeError(err: unknown, ctx: ErrorContext = {}): FriendlyError {
  const e = readAwsError(err);
  const { name, text } = e;
  const endpoint = ctx.endpoint && withoutUserInfo(ctx.endpoint);
  const where = endpoint ?? (ctx.region ? `DynamoDB in ${ctx.region}` : 'DynamoDB');

  if (e.network === 'unreachable') {
    return { message: `Cannot reach ${where}`, hint: 'Is it running? Check the endpoint, or Connect… to another one.', next: 'connect' };
  }
  if (e.network === 'dns') {
    const what = endpoint ? `host of ${endpoint}` : `DynamoDB endpoint for region "${ctx.region ?? '?'}"`;
    return { message: `Cannot resolve the ${what}`, hint: 'Check the region or endpoint (Connect…), and your network.', next: 'connect' };
  }
  if (e.network === 'timeout') {
    return { message: `No answer from ${where}`, hint: 'Check the network or the endpoint, then Refresh.', next: 'connect' };
  }
  // The SDK reports configuration problems (region, profile, SSO) as plain errors: only their wording tells them apart.
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
  if (e.awsName === 'ExpiredTokenException' || /security token .* expired/i.test(text)) {
    return { message: 'AWS credentials have expired', hint: 'Refresh your credentials (e.g. aws sso login), then Refresh.', next: 'login' };
  }
  if ((e.kind === 'credentials' && e.awsName !== 'CredentialsProviderError') || /security token included in the request is invalid/i.test(text)) {
    return { message: 'AWS rejected the credentials', hint: 'Check the access key of this profile, or Connect… to another profile.', next: 'connect' };
  }
  if (e.kind === 'credentials' || (e.kind === 'unknown' && /Could not load credentials|Unable to load credentials|credential/i.test(`${name} ${e.message}`))) {
    return { message: `No credentials for profile "${ctx.profile ?? 'default'}"`, hint: 'Run aws configure or aws sso login, or Connect… to another profile.', next: 'connect' };
  }
  // A quota on how often a setting may change (a table's class: twice in 30 days) is not request throttling: AWS's
  // words name the limit.
  if (name === 'LimitExceededException' && /subscriber limit exceeded/i.test(e.message)) {
    return { message: e.message, hint: 'AWS limits how often this can change: try again after the period it names.', next: 'none' };
  }
  switch (e.kind) {
    case 'access-denied': {
      const action = /perform: ([\w:-]+)/.exec(text)?.[1] ?? ctx.action ?? 'this action';
      return { message: `Access denied: ${action}`, hint: 'Ask for that IAM permission, or Connect… with another profile.', next: 'connect' };
    }
    case 'kms-key':
      return { message: `The stream's KMS key cannot be used (${name})`, hint: 'Check the key in AWS KMS (enabled, not deleted), then try again.', next: 'none' };
    case 'not-found': {
      const what = ctx.table ? `Table "${ctx.table}" not found` : 'Not found';
      return { message: `${what}${ctx.region ? ` in ${ctx.region}` : ''}`, hint: 'It may have been deleted: Refresh the tree.', next: 'refresh' };
    }
    case 'in-use':
      return { message: `Table${ctx.table ? ` "${ctx.table}"` : ''} is being updated`, hint: 'Wait until it is ACTIVE, then try again.', next: 'refresh' };
    case 'throttled':
      return { message: 'AWS is throttling requests', hint: 'Wait a moment, then Refresh.', next: 'refresh' };
    case 'server':
      return { message: `${where} failed to answer (${name}${e.status ? `, HTTP ${e.status}` : ''})`, hint: 'Try again in a moment (Refresh).', next: 'refresh' };
    case 'validation':
      return { message: e.message || 'Request rejected by DynamoDB', hint: 'Check the input and try again.', next: 'none' };
  }
  const detail = e.message || name || String(err);
  return { message: detail, hint: 'See the "DynamoDB Streams" output for details.', next: 'none' };
}

/** One line: message — hint. */
export function formatError(err: unknown, ctx?: ErrorContext): string {
  const f = describeError(err, ctx);
  return `${f.message} — ${f.hint}`;
}
