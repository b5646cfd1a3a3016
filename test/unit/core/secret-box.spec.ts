import { randomBytes } from 'node:crypto';
import { keyIdOf, SecretBox, UnsealError } from '../../../src/core/secret-box';

describe('SecretBox (AES-256-GCM at rest)', () => {
  const current = randomBytes(32);
  const previous = randomBytes(32);
  const secret = `whsec_${randomBytes(32).toString('base64')}`;

  it('seals so that the value is not readable, differently every time, and opens it again', () => {
    const box = new SecretBox([current]);
    const sealed = box.seal(secret, 'doc-1');
    expect(sealed).toMatch(new RegExp(`^v1:${keyIdOf(current)}:`));
    expect(sealed).not.toContain(secret.slice(6));
    expect(box.seal(secret, 'doc-1')).not.toBe(sealed); // a fresh IV each time
    expect(box.open(sealed, 'doc-1')).toBe(secret);
    expect(box.isCurrent(sealed)).toBe(true);
  });

  it('opens with a previous key of the ring and says the value should be sealed again', () => {
    const sealedBefore = new SecretBox([previous]).seal(secret, 'doc-1');
    const rotated = new SecretBox([current, previous]);
    expect(rotated.open(sealedBefore, 'doc-1')).toBe(secret);
    expect(rotated.isCurrent(sealedBefore)).toBe(false);
    expect(rotated.keyId).toBe(keyIdOf(current));
  });

  it('refuses a value of an unknown key, one moved to another document, an altered one and a truncated tag', () => {
    const box = new SecretBox([current]);
    const sealed = box.seal(secret, 'doc-1');
    const [version, keyId, iv, ciphertext, tag] = sealed.split(':');
    const refused = (value: string, context = 'doc-1') => {
      expect(() => box.open(value, context)).toThrow(UnsealError);
    };
    refused(new SecretBox([previous]).seal(secret, 'doc-1'));
    refused(sealed, 'doc-2');
    const flipped = Buffer.from(ciphertext, 'base64url');
    flipped[0] ^= 1;
    refused([version, keyId, iv, flipped.toString('base64url'), tag].join(':'));
    refused([version, keyId, iv, ciphertext, Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url')].join(':'));
    refused(secret);
    expect(() => new SecretBox([previous]).open(sealed, 'doc-1')).toThrow(`sealed with key ${keyId}, which is not configured`);
  });

  it('takes only keys of 32 bytes', () => {
    expect(() => new SecretBox([])).toThrow(/one or more keys/);
    expect(() => new SecretBox([randomBytes(16)])).toThrow(/32 bytes/);
  });
});
