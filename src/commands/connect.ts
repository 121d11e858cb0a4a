// Connect…: choose an AWS profile and region, or a custom endpoint (DynamoDB Local). Saved to settings,
// which the connection manager applies live.
import * as vscode from 'vscode';
import { COMMON_REGIONS, isLoopbackUrl, redactEndpoint, validateEndpoint, validateRegion, WORKBENCH_LOCAL_REGION } from '../core/connection/connection';
import { ConnectionManager } from '../connection/connectionManager';
import { connectionSettings, saveConnectionSettings } from '../config/settings';
import { input, pick } from '../ui/prompts';
import type { CommandContext } from './context';

const CONNECT_CHOICES = { profile: 'AWS profile', endpoint: 'Custom endpoint' } as const;
const DEFAULT_CHAIN = '(default credential chain)';
const OTHER_REGION = 'Other region…';

export async function connect(ctx: CommandContext): Promise<boolean> {
  const current = connectionSettings();
  const mode = await pick(
    [
      { label: CONNECT_CHOICES.profile, detail: 'Credentials from ~/.aws (keys, SSO, credential_process, roles) and a region', iconPath: new vscode.ThemeIcon('account') },
      { label: CONNECT_CHOICES.endpoint, detail: 'A DynamoDB-compatible endpoint such as DynamoDB Local (http://localhost:8000)', iconPath: new vscode.ThemeIcon('server') },
    ],
    { title: 'Connect to DynamoDB', placeHolder: `Now: ${ctx.connection.current.label}` },
  );
  if (!mode) return false;
  const saved = mode.label === CONNECT_CHOICES.profile ? await connectProfile(ctx, current.profile, current.region) : await connectEndpoint(current.endpoint, current.region);
  // Now, even when the settings did not change (e.g. DynamoDB Local was started since the last failure).
  if (saved) ctx.connection.reset();
  return saved;
}

async function connectProfile(ctx: CommandContext, currentProfile: string, currentRegion: string): Promise<boolean> {
  const sdk = await ConnectionManager.loadSdk();
  const profiles = await sdk.listProfiles().catch((err) => {
    ctx.log.warn(`Reading AWS config files failed: ${String(err)}`);
    return [];
  });
  const profileItem = await pick(
    [
      { label: DEFAULT_CHAIN, description: 'environment, AWS_PROFILE, default profile, instance role' },
      ...profiles.map((p) => ({
        label: p.name,
        description: [p.kind, p.region, p.name === currentProfile ? 'current' : undefined].filter(Boolean).join(' · '),
      })),
    ],
    { title: 'Connect: AWS profile', placeHolder: profiles.length ? 'Profile from ~/.aws/config and ~/.aws/credentials' : 'No profiles found in ~/.aws — the default chain may still work' },
  );
  if (!profileItem) return false;
  const profile = profileItem.label === DEFAULT_CHAIN ? '' : profileItem.label;
  const profileRegion = profiles.find((p) => p.name === (profile || 'default'))?.region;
  const regions = [...new Set([profileRegion, currentRegion, ...COMMON_REGIONS].filter((r): r is string => !!r))];
  const regionItem = await pick(
    [...regions.map((r) => ({ label: r, description: r === profileRegion ? "profile's region" : undefined })), { label: OTHER_REGION }],
    { title: 'Connect: region' },
  );
  if (!regionItem) return false;
  let region = regionItem.label;
  if (region === OTHER_REGION) {
    const typed = await input({ title: 'Connect: region', prompt: 'AWS region name', placeHolder: 'e.g. eu-west-3', validateInput: (v) => validateRegion(v) ?? (v.trim() ? undefined : 'Enter a region') });
    if (!typed) return false;
    region = typed.trim();
  }
  await saveConnectionSettings({ profile, region, endpoint: '' });
  return true;
}

/** Exported for tests of the choice's wording. */
export const KEEP_REGION = 'Keep the current region';

/**
 * DynamoDB Local keeps one database per access key and region, so the region chooses which tables are seen: NoSQL
 * Workbench's tables are in `localhost`.
 */
async function localRegion(currentRegion: string): Promise<string | undefined> {
  const choice = await pick(
    [
      { label: KEEP_REGION, description: currentRegion || '(default)', detail: 'Tables created with this region stay visible' },
      { label: WORKBENCH_LOCAL_REGION, detail: 'The region NoSQL Workbench uses with DynamoDB Local: see the tables it created' },
      ...COMMON_REGIONS.slice(0, 4).filter((r) => r !== currentRegion).map((r) => ({ label: r })),
      { label: OTHER_REGION },
    ],
    { title: 'Connect: region for the local endpoint', placeHolder: 'DynamoDB Local keeps separate tables per region (unless started with -sharedDb)' },
  );
  if (!choice) return undefined;
  if (choice.label === KEEP_REGION) return currentRegion;
  if (choice.label !== OTHER_REGION) return choice.label;
  const typed = await input({ title: 'Connect: region', prompt: 'Region name', placeHolder: 'e.g. eu-west-3 or localhost', validateInput: (v) => validateRegion(v, true) ?? (v.trim() ? undefined : 'Enter a region') });
  return typed?.trim();
}

async function connectEndpoint(currentEndpoint: string, currentRegion: string): Promise<boolean> {
  const typed = await input({
    title: 'Connect: endpoint URL',
    prompt: 'One endpoint serves DynamoDB and DynamoDB Streams (as DynamoDB Local does). Leave empty to use AWS.',
    value: currentEndpoint ? redactEndpoint(currentEndpoint) : 'http://localhost:8000', // never shows a password set by hand
    validateInput: (v) => validateEndpoint(v),
  });
  if (typed === undefined) return false;
  const endpoint = typed.trim();
  if (endpoint && isLoopbackUrl(endpoint)) {
    const region = await localRegion(currentRegion);
    if (region === undefined) return false;
    await saveConnectionSettings(region === currentRegion ? { endpoint } : { endpoint, region });
    return true;
  }
  await saveConnectionSettings({ endpoint });
  return true;
}
