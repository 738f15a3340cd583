// Server-Sent Events over fetch: EventSource cannot send an Authorization header, and the services
// take the bearer token only there. Reads `event:`/`data:` blocks as they arrive.

export interface StreamEvent {
  type: string;
  data: unknown;
}

export function openEventStream(
  url: string,
  token: string,
  onEvent: (event: StreamEvent) => void,
  onError: (error: Error) => void,
): () => void {
  const controller = new AbortController();
  void (async () => {
    try {
      const res = await fetch(url, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        signal: controller.signal,
      });
      if (!res.ok || !res.body) throw new Error(`event stream answered ${res.status}`);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffered = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffered += value;
        let end: number;
        while ((end = buffered.indexOf('\n\n')) >= 0) {
          const block = buffered.slice(0, end);
          buffered = buffered.slice(end + 2);
          const event = parseBlock(block);
          if (event) onEvent(event);
        }
      }
      throw new Error('event stream ended');
    } catch (error) {
      if (!controller.signal.aborted) onError(error as Error);
    }
  })();
  return () => controller.abort();
}

export function parseBlock(block: string): StreamEvent | null {
  let type = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) type = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (!data.length) return null;
  try {
    return { type, data: JSON.parse(data.join('\n')) };
  } catch {
    return { type, data: data.join('\n') };
  }
}
