// Raw-socket clients for the server-limit tests: what fetch cannot do (send a request a byte at a time)
// and an event stream whose opening answer is inspected rather than required to be 200.
import { connect, type Socket } from 'node:net';

export interface ClosedConnection {
  /** From the connection's establishment to the server closing it. */
  elapsedMs: number;
  /** What the server wrote before closing (its 408 problem answer). */
  answer: string;
}

/**
 * Opens a connection to `url` that sends `head` and then one byte of `trickle` every `everyMs`, never
 * finishing the request, and never closes it itself: it resolves when the server closes it, or with
 * elapsedMs Infinity once `giveUpMs` have passed (the socket is then destroyed, and the test fails).
 */
export function slowRequest(
  url: string,
  head: string,
  trickle: string,
  everyMs: number,
  giveUpMs: number,
): Promise<ClosedConnection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket: Socket = connect(Number(port), hostname);
    let answer = '';
    let openedAt = 0;
    let timer: NodeJS.Timeout | undefined;
    const giveUp = setTimeout(() => {
      clearInterval(timer);
      socket.destroy();
      resolve({ elapsedMs: Infinity, answer });
    }, giveUpMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', () => undefined); // a reset by the server is a close like any other here
    socket.on('connect', () => {
      openedAt = Date.now();
      socket.write(head);
      timer = setInterval(() => socket.writable && socket.write(trickle), everyMs);
    });
    socket.on('close', () => {
      clearTimeout(giveUp);
      clearInterval(timer);
      resolve({ elapsedMs: Date.now() - openedAt, answer });
    });
  });
}

export interface OpenStream {
  status: number;
  headers: Headers;
  body: string;
  /** The stream's text so far (for a 200). */
  received(): string;
  /** True once the server ended the stream. */
  ended(): boolean;
  close(): Promise<void>;
}

/** Opens an event stream and keeps reading it in the background; a refusal's body is read whole. */
export async function openStream(url: string, token: string): Promise<OpenStream> {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  if (res.status !== 200 || !res.body) {
    const body = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body,
      received: () => '',
      ended: () => true,
      close: async () => undefined,
    };
  }
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let ended = false;
  const pump = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      // aborted by close()
    }
    ended = true;
  })();
  return {
    status: res.status,
    headers: res.headers,
    body: '',
    received: () => text,
    ended: () => ended,
    close: async () => {
      controller.abort();
      await pump;
    },
  };
}
