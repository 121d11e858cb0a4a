// Profiles and their regions from ~/.aws/config and ~/.aws/credentials, read with the SDK's own loader.
import { loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

export interface ProfileInfo {
  name: string;
  region?: string;
  /** How it gets credentials, e.g. "SSO", "credential_process", "role", "keys". */
  kind: string;
}

export async function listProfiles(): Promise<ProfileInfo[]> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  // The loader also returns [sso-session x] and [services x] sections as "sso-session.x" / "services.x": not profiles.
  const isProfile = (name: string) => !/^(sso-session|services)\./.test(name);
  const names = new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)].filter(isProfile));
  return [...names].sort().map((name) => {
    const config = { ...credentialsFile[name], ...configFile[name] };
    const kind = config.sso_session || config.sso_start_url ? 'SSO'
      : config.credential_process ? 'credential_process'
      : config.role_arn ? 'role'
      : config.aws_access_key_id ? 'keys'
      : 'config';
    return { name, region: config.region, kind };
  });
}

export async function profileRegion(profile: string | undefined): Promise<string | undefined> {
  const { configFile } = await loadSharedConfigFiles({ ignoreCache: true });
  return configFile[profile ?? 'default']?.region;
}
