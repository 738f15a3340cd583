// README's "Webhooks" gives integrators a recipe to verify a delivery's signature: this runs that very snippet
// against what the sender signs, so the recipe cannot drift from the signing it describes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signatureHeader } from './deliveries.rules';

const README = join(__dirname, '../../../../README.md');

type Verify = (header: unknown, rawBody: string, secret: string, toleranceSeconds?: number) => boolean;

function readmeRecipe(): Verify {
  const text = readFileSync(README, 'utf8');
  const block = /<!-- webhook-verify:begin -->\s*```js\n([\s\S]*?)```\s*<!-- webhook-verify:end -->/.exec(text);
  if (!block) throw new Error('README has no webhook-verify block');
  return new Function('require', `${block[1]}\nreturn verifyOmniSignature;`)(require) as Verify;
}

describe("README's signature recipe", () => {
  const verify = readmeRecipe();
  const secret = 'whsec_readme';
  const body =
    '{"id":"6f1c2a4e-9d3b-4b7a-8c1e-2f3a4b5c6d7e","type":"order.ready-for-pickup","data":{"pickupCode":"042917"}}';
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts what the sender signs', () => {
    expect(verify(signatureHeader(secret, now(), body), body, secret)).toBe(true);
  });

  it('refuses another secret, a changed body, an old timestamp and a missing header', () => {
    expect(verify(signatureHeader(secret, now(), body), body, 'whsec_other')).toBe(false);
    expect(verify(signatureHeader(secret, now(), body), body.replace('042917', '000000'), secret)).toBe(false);
    expect(verify(signatureHeader(secret, now() - 301, body), body, secret)).toBe(false);
    expect(verify(undefined, body, secret)).toBe(false);
  });
});
