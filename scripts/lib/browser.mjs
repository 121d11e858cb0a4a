// Headless Debian Chromium driven by playwright-core (no browser download), and an isolated AWS profile set-up,
// shared by the extension-host runner and the end-to-end test.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localCredentials, localRegion } from './dynamodb-local.mjs';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Launches Chromium with the flags known to work here (root needs --no-sandbox; the rest keeps it off the network). */
export async function launchChromium() {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: sudo apt-get install chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Environment for a code-server whose extension host talks to DynamoDB Local only: dummy static credentials, and
 * AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE pointing at files written into `dir` (profile `ddb-test`), so
 * nothing is read from ~/.aws. Returns overrides for process.env; inherited AWS_* variables are set to undefined (dropped).
 */
export function isolatedAwsEnv(dir, endpoint) {
  mkdirSync(dir, { recursive: true });
  const { accessKeyId, secretAccessKey } = localCredentials;
  const creds = `aws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`;
  const credentialsFile = join(dir, 'credentials');
  const configFile = join(dir, 'config');
  writeFileSync(credentialsFile, `[default]\n${creds}\n[ddb-test]\n${creds}`);
  writeFileSync(configFile, `[default]\nregion = ${localRegion}\n\n[profile ddb-test]\nregion = ${localRegion}\n`);
  // undefined = remove the inherited variable (startCodeServer drops undefined values).
  const dropped = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('AWS_')).map((k) => [k, undefined]));
  return {
    ...dropped,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_REGION: localRegion,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true', // never wait on the instance metadata service
    DDB_STREAMS_TEST_ENDPOINT: endpoint,
    DDB_STREAMS_TEST_PROFILE: 'ddb-test',
  };
}
