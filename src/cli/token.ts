import { parseArgs } from 'node:util';
import { scopeDistricts } from '../auth/district-scope';
import { mintToken, type TokenSubject } from '../auth/jwt';
import { isRole, ROLES } from '../core/roles';
import { scriptSigningSecret, SigningSecretError } from '../auth/signing-secret';
import { ConfigError, loadConfig } from '../config/config';
import { isUuid } from '../core/ids';
import { isReservedActorId } from '../core/persons';

/**
 * `npm run -s token -- --sub alice --role district_manager --districts <uuid>,<uuid> [--expires-in 8h]`: signs a
 * token for development and scripts with JWT_SECRET or the secret file in DATA_DIR, exactly as the service checks
 * it (issuer, audience, claim paths from the same configuration). Only the token goes to stdout.
 * Exit codes: 0 printed, 1 no secret or bad configuration, 2 usage error.
 */

const USAGE = `usage: npm run -s token -- --sub <user id> --role <role> [--districts <uuid>,<uuid>] [--expires-in <n>s|m|h|d]
  roles: ${ROLES.join(', ')}
  --districts   districts the token covers; a district manager without them manages none, other roles cover all
  --expires-in  lifetime, default 1h, at most 366d`;

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
const MAX_LIFETIME_SECONDS = 366 * 86_400;

class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `90s`, `15m`, `8h`, `30d` → seconds. */
function lifetimeSeconds(spec: string): number {
  const match = /^(\d{1,6})([smhd])$/.exec(spec);
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS] : NaN;
  if (!(seconds > 0 && seconds <= MAX_LIFETIME_SECONDS)) {
    throw new UsageError(`--expires-in must be a number with s, m, h or d (e.g. 8h), at most 366d; got "${spec}"`);
  }
  return seconds;
}

/** The subject, role, districts and lifetime the arguments ask for. */
function tokenRequest(args: readonly string[]): TokenSubject & { lifetimeSeconds: number } {
  let values: { sub?: string; role?: string; districts?: string; 'expires-in'?: string };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        sub: { type: 'string' },
        role: { type: 'string' },
        districts: { type: 'string' },
        'expires-in': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const subject = values.sub?.trim();
  if (!subject || subject.length > 200) throw new UsageError('--sub names the user (1–200 characters)');
  if (isReservedActorId(subject)) throw new UsageError('--sub must not look like an API key (apikey-…) or the service (system)');
  if (!isRole(values.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}; got "${values.role ?? ''}"`);
  let districts: string[] | null = null;
  if (values.districts !== undefined) {
    districts = scopeDistricts(values.districts.split(',').map((id) => id.trim()).filter(Boolean));
    const invalid = districts.filter((id) => !isUuid(id));
    if (invalid.length > 0) throw new UsageError(`--districts must be district ids (UUIDs); not one: ${invalid.join(', ')}`);
  }
  return { subject, role: values.role, districts, lifetimeSeconds: lifetimeSeconds(values['expires-in'] ?? '1h') };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const request = tokenRequest(args);
    const config = loadConfig();
    const token = await mintToken(config.auth, scriptSigningSecret(config), request, request.lifetimeSeconds);
    process.stdout.write(`${token}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof SigningSecretError) {
      process.stderr.write(`No token: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`Failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
