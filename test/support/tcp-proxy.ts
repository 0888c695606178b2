import net from 'node:net';

type Mode = 'refusing' | 'forwarding' | 'stalled';

interface Connection {
  client: net.Socket;
  upstream?: net.Socket;
  /** What the client sent while the proxy was stalled, delivered when it forwards again. */
  held: Buffer[];
  /** What the server sent while stalled (answers already on their way), likewise. */
  heldBack: Buffer[];
}

/**
 * A TCP proxy on loopback in front of a real server, for tests of an unavailable dependency. `refusing`: nothing
 * listens on its port (connections are refused). `forwarding`: an ordinary proxy. `stalled`: connections are
 * accepted and what clients send is held back, never answered — a database that stopped answering — until the
 * proxy forwards again.
 */
export class TcpProxy {
  private server?: net.Server;
  private readonly connections = new Set<Connection>();
  private mode: Mode = 'refusing';
  /** Connections accepted while stalled. */
  connectionsWhileStalled = 0;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** A proxy to `target`, refusing at first, on a port that was free a moment ago. */
  static async create(target: { host: string; port: number }): Promise<TcpProxy> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    return new TcpProxy(port, target);
  }

  /** Listens (if not yet) and forwards, delivering whatever was held back. */
  async forward(): Promise<void> {
    this.mode = 'forwarding';
    await this.listen();
    for (const connection of this.connections) this.connectUpstream(connection);
  }

  /** Accepts connections but holds back everything clients send, existing connections included. */
  async stall(): Promise<void> {
    this.mode = 'stalled';
    this.connectionsWhileStalled = 0;
    await this.listen();
  }

  /** What clients sent since the proxy stalled, as text (protocol bytes included). */
  heldText(): string {
    return [...this.connections].map((connection) => Buffer.concat(connection.held).toString('latin1')).join('\n');
  }

  async close(): Promise<void> {
    this.mode = 'refusing';
    for (const { client, upstream } of this.connections) {
      client.destroy();
      upstream?.destroy();
    }
    this.connections.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  private async listen(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
  }

  private accept(client: net.Socket): void {
    const connection: Connection = { client, held: [], heldBack: [] };
    this.connections.add(connection);
    if (this.mode === 'stalled') this.connectionsWhileStalled++;
    client.on('data', (chunk: Buffer) => {
      if (this.mode === 'forwarding' && connection.upstream) connection.upstream.write(chunk);
      else connection.held.push(chunk);
    });
    const end = () => {
      this.connections.delete(connection);
      client.destroy();
      connection.upstream?.destroy();
    };
    client.on('close', end);
    client.on('error', end);
    if (this.mode === 'forwarding') this.connectUpstream(connection);
  }

  private connectUpstream(connection: Connection): void {
    if (!connection.upstream) {
      const upstream = net.connect(this.target.port, this.target.host);
      connection.upstream = upstream;
      upstream.on('data', (chunk: Buffer) => {
        if (this.mode === 'forwarding') connection.client.write(chunk);
        else connection.heldBack.push(chunk);
      });
      const end = () => {
        this.connections.delete(connection);
        connection.client.destroy();
      };
      upstream.on('close', end);
      upstream.on('error', end);
    }
    for (const chunk of connection.held.splice(0)) connection.upstream.write(chunk);
    for (const chunk of connection.heldBack.splice(0)) connection.client.write(chunk);
  }
}
