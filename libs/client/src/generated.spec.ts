import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

describe('@omni/client generated files', () => {
  // The chain is code -> each service's OpenAPI document -> the client's types; both are committed, so a
  // route, DTO or response schema changed without `npm run client:generate` fails here.
  it('match the OpenAPI documents the services generate now, and the types generated from them', () => {
    let output = '';
    try {
      output = execFileSync(process.execPath, [path.join(root, 'tools/openapi.js'), 'check'], {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${stdout ?? ''}${stderr ?? ''}`);
    }
    expect(output).toContain('match the code');
  }, 120_000);
});
