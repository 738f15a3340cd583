/** The jest global setup's test database (a lib's own tests do not use the testing harness, which depends on the libs). */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url || !new URL(url).pathname.includes('test'))
    throw new Error('run through jest: TEST_DATABASE_URL must name a test database');
  return url;
}
