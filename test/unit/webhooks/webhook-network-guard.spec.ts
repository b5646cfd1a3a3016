import {
  assertAllowedAddress,
  classifyAddress,
  FORBIDDEN_HOST_MESSAGE,
  isAllowedAddress,
} from '../../../src/integration/webhooks/delivery/network-guard';

describe('webhook network guard', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.178.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
  ])('IPv4 %s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it.each([
    ['2a00:1450:4001:80b::200e', 'public'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456:789a::1', 'private'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['fd00:ec2::254', 'metadata'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'],
  ])('IPv6 %s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:10.1.2.3', 'private'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::c0a8:101', 'private'],
    ['64:ff9b::808:808', 'public'],
    ['2002:7f00:1::1', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['2002:0808:0808::1', 'public'],
  ])('IPv4 inside IPv6 %s is judged by the IPv4 address: %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('treats anything that is not an address as off limits', () => {
    expect(classifyAddress('localhost')).toBe('reserved');
    expect(classifyAddress('')).toBe('reserved');
  });

  it('lets local networks through only when allowed, and never metadata, multicast or unspecified addresses', () => {
    for (const address of ['127.0.0.1', '::1', '10.0.0.1', 'fd00::1', '169.254.1.1', 'fe80::1', '::ffff:192.168.0.1']) {
      expect(isAllowedAddress(address, false)).toBe(false);
      expect(isAllowedAddress(address, true)).toBe(true);
    }
    for (const address of ['169.254.169.254', 'fd00:ec2::254', '0.0.0.0', '::', '224.0.0.1', 'ff02::1']) {
      expect(isAllowedAddress(address, true)).toBe(false);
    }
    expect(isAllowedAddress('8.8.8.8', false)).toBe(true);
    expect(isAllowedAddress('2a00:1450:4001:80b::200e', false)).toBe(true);
  });

  it('refuses without naming the address a host resolved to: that stays with the error for the server log', () => {
    let refusal: unknown;
    try {
      assertAllowedAddress('intranet.example.org', '10.20.30.40', false);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({
      message: FORBIDDEN_HOST_MESSAGE,
      refused: { host: 'intranet.example.org', address: '10.20.30.40', addressClass: 'private' },
    });
    expect((refusal as Error).message).not.toMatch(/10\.20|intranet/);
  });
});
