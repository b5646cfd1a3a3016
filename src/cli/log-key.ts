import { ConfigError, loadConfig } from '../config/config';
import { loadLogSigningKeys, LogSigningKeyError, rotateLogSigningKeyFile } from '../integrity/log-signing-keys';

/**
 * `npm run -s log-key -- show | rotate`: the key that signs checkpoints of the event log, configured as the service
 * reads it (LOG_SIGNING_KEY, LOG_SIGNING_KEY_FILE, LOG_SIGNING_PREVIOUS_KEYS_FILE). Never creates a key: the
 * service does on its first start. Exit codes: 0 done, 1 no usable key or bad configuration, 2 usage error.
 */

export const USAGE = `usage: npm run -s log-key -- show | rotate
  show    the current key's id and public key (hand them to funders and auditors), and how many earlier keys are kept
  rotate  keeps the current public key in LOG_SIGNING_PREVIOUS_KEYS_FILE, then replaces the key file with a new
          key; restart the service to sign with it`;

export interface CommandOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

export function runLogKeyCommand(args: readonly string[], env: Record<string, string | undefined> = process.env): CommandOutcome {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h') return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
  if ((command !== 'show' && command !== 'rotate') || rest.length > 0) {
    return { code: 2, stdout: '', stderr: `${USAGE}\n` };
  }
  try {
    const { logSigning } = loadConfig(env);
    if (command === 'show') {
      const { current, trusted } = loadLogSigningKeys({ ...logSigning, createKeyFile: false });
      return {
        code: 0,
        stdout: `keyId ${current.keyId}\npreviousKeys ${trusted.size - 1}\n${current.publicKeyPem}`,
        stderr: '',
      };
    }
    const { previous, current } = rotateLogSigningKeyFile(logSigning);
    return {
      code: 0,
      stdout: `previousKeyId ${previous.keyId}\nkeyId ${current.keyId}\n${current.publicKeyPem}`,
      stderr: `The old public key was added to ${logSigning.previousKeysFile}. Restart the service to sign with the new key.\n`,
    };
  } catch (error) {
    if (error instanceof ConfigError || error instanceof LogSigningKeyError) {
      return { code: 1, stdout: '', stderr: `${error.message}\n` };
    }
    throw error;
  }
}

if (require.main === module) {
  try {
    const { code, stdout, stderr } = runLogKeyCommand(process.argv.slice(2));
    process.stdout.write(stdout);
    process.stderr.write(stderr);
    process.exit(code);
  } catch (error) {
    process.stderr.write(`Failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  }
}
