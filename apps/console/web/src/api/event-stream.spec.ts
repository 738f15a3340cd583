import { parseBlock } from './event-stream';

describe('reading an event stream block', () => {
  it('reads the event type and its JSON data', () => {
    expect(parseBlock('event: availability\ndata: {"sku":"A","available":3}')).toEqual({
      type: 'availability',
      data: { sku: 'A', available: 3 },
    });
  });

  it('joins multi-line data and defaults the type to message', () => {
    expect(parseBlock('data: {"a":\ndata: 1}')).toEqual({ type: 'message', data: { a: 1 } });
  });

  it('ignores comments and blocks without data', () => {
    expect(parseBlock(': keepalive')).toBeNull();
  });
});
