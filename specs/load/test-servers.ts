// Small servers on 127.0.0.1 (port 0) for the load specs: each records the connections it sees and closes itself after the test.

import { once } from 'node:events';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** A running test server and what it saw. */
export interface TestServer {
  port: number;
  /** Every socket accepted, in order. */
  sockets: Socket[];
  /** The client port of each accepted socket, in order. */
  remotePorts: number[];
  /** Resolves once the server has accepted `count` sockets in all. */
  accepted(count: number): Promise<void>;
  close(): Promise<void>;
}

const running = new Set<TestServer>();

/** Closes every server started by the current test (call it from `afterEach`). */
export async function closeServers(): Promise<void> {
  const servers = [...running];
  running.clear();
  await Promise.all(servers.map((server) => server.close()));
}

/** A TCP server calling `onConnection` for each socket. */
export function startTcpServer(
  onConnection: (socket: Socket, server: TestServer) => void,
  allowHalfOpen = false,
): Promise<TestServer> {
  let handle: TestServer | undefined;
  const server = createTcpServer({ allowHalfOpen }, (socket) => onConnection(socket, handle!));
  return listen(server).then((started) => (handle = started));
}

/** An HTTP server calling `handler` for each request. */
export function startHttpServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<TestServer> {
  return listen(createHttpServer(handler));
}

/** A port where nothing listens: listen on port 0, then close. */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Reads a request's body as text. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function listen(server: Server): Promise<TestServer> {
  const sockets: Socket[] = [];
  const remotePorts: number[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  server.on('connection', (socket: Socket) => {
    sockets.push(socket);
    remotePorts.push(socket.remotePort!);
    // A client that resets is part of these tests, not an error of the server.
    socket.on('error', () => undefined);
    for (const waiter of waiters.filter((w) => sockets.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const handle: TestServer = {
    port: (server.address() as AddressInfo).port,
    sockets,
    remotePorts,
    accepted: (count) =>
      sockets.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ count, resolve })),
    close: async () => {
      running.delete(handle);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  running.add(handle);
  return handle;
}
