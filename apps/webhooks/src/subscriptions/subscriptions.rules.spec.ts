import type { Principal } from '@omni/platform';
import { addressFault, newSecret, subscriptionChannel, webhookUrlFault } from './subscriptions.rules';

describe('whose a new subscription is', () => {
  const web: Principal = { sub: 'channel:web', role: 'channel', channel: 'web', locations: [] };
  const admin: Principal = { sub: 'admin', role: 'admin', locations: [] };

  it("is the channel client's own channel, named or not; another channel is forbidden", () => {
    expect(subscriptionChannel(web, undefined)).toBe('web');
    expect(subscriptionChannel(web, 'web')).toBe('web');
    expect(subscriptionChannel(web, 'marketplace')).toBe('forbidden');
    expect(subscriptionChannel({ ...web, channel: undefined }, undefined)).toBe('forbidden');
  });

  it('is the channel an admin names (it must name one); never a store’s to make', () => {
    expect(subscriptionChannel(admin, 'app')).toBe('app');
    expect(subscriptionChannel(admin, undefined)).toBe('missing');
    expect(subscriptionChannel({ sub: 'store', role: 'store', channel: 'pos', locations: ['s-1'] }, 'pos')).toBe(
      'forbidden',
    );
  });
});

describe('webhook URLs', () => {
  it('take public http and https URLs anywhere but production, https only there', () => {
    for (const url of [
      'https://shop.example.com/hooks/omni',
      'https://203.0.113.7:8443/h?x=1',
      'https://[2001:db8::1]/h',
    ]) {
      expect(webhookUrlFault(url, true)).toBeNull();
    }
    expect(webhookUrlFault('http://shop.example.com/hooks', false)).toBeNull();
    expect(webhookUrlFault('http://shop.example.com/hooks', true)).toMatch(/https/);
  });

  it('take loopback receivers only outside production', () => {
    for (const url of [
      'http://127.0.0.1:4567/hook',
      'http://localhost:4567/hook',
      'http://[::1]:4567/hook',
      'http://[::ffff:127.0.0.1]/h',
    ]) {
      expect(webhookUrlFault(url, false)).toBeNull();
    }
    for (const url of [
      'https://127.0.0.1/hook',
      'https://localhost/hook',
      'https://api.localhost/hook',
      'https://[::1]/hook',
      'https://[::ffff:7f00:1]/h',
    ]) {
      expect(webhookUrlFault(url, true)).toMatch(/loopback/);
    }
  });

  it('refuse private networks in production, and link-local, unspecified and multicast addresses everywhere', () => {
    for (const url of [
      'https://10.1.2.3/h',
      'https://172.16.0.1/h',
      'https://192.168.1.1/h',
      'https://100.64.0.1/h',
      'https://[fd00::1]/h',
    ]) {
      expect(webhookUrlFault(url, true)).toMatch(/private/);
    }
    for (const production of [true, false]) {
      for (const url of [
        'https://169.254.169.254/latest/meta-data',
        'https://0.0.0.0/h',
        'https://[::]/h',
        'https://[fe80::1]/h',
        'https://224.0.0.1/h',
      ]) {
        expect(webhookUrlFault(url, production)).toMatch(/link-local|unspecified|multicast/);
      }
    }
  });

  it('refuse other schemes, credentials, fragments and what is no URL', () => {
    expect(webhookUrlFault('ftp://example.com/h', false)).toMatch(/http/);
    expect(webhookUrlFault('javascript:alert(1)', false)).toMatch(/http/);
    expect(webhookUrlFault('https://user:pw@example.com/h', false)).toMatch(/credentials/);
    expect(webhookUrlFault('https://example.com/h#x', false)).toMatch(/fragment/);
    for (const junk of ['', 'example.com/h', '/relative', 'https://'])
      expect(webhookUrlFault(junk, false)).not.toBeNull();
  });

  it('check a resolved address the same way', () => {
    expect(addressFault('10.0.0.1', true)).toMatch(/private/);
    expect(addressFault('10.0.0.1', false)).toBeNull();
    expect(addressFault('93.184.216.34', true)).toBeNull();
    expect(addressFault('not-an-address', true)).toBeNull();
  });
});

describe('signing secrets', () => {
  it('are 32 random bytes, base64url, never the same twice', () => {
    const [a, b] = [newSecret(), newSecret()];
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
  });
});
