import type { ClientSpec } from '../../scenario/types';
import type { RequestShape } from '../routing';

/**
 * The kinds of client request of a run: one per client and mix entry, each with what the mesh
 * matches it on (its method and path, the client's headers with the entry's on top, as the apps
 * forward them to every hop). A request's kind is `offset[client] + mix`.
 */
export class RequestKinds {
  readonly shapes: readonly RequestShape[];
  /** The first kind of each client, by client index. */
  readonly offset: Int32Array;
  /** The end-user principal (`issuer/subject`) of each client's valid token; '' without a token. */
  readonly principal: readonly string[];
  /** The issuer of each client's token; '' without a token. */
  readonly issuer: readonly string[];

  constructor(clients: readonly ClientSpec[]) {
    const shapes: RequestShape[] = [];
    this.offset = new Int32Array(clients.length);
    clients.forEach((client, i) => {
      this.offset[i] = shapes.length;
      for (const entry of client.mix)
        shapes.push({
          method: entry.method,
          path: entry.path,
          headers: { ...client.headers, ...entry.headers },
        });
    });
    this.shapes = shapes;
    this.principal = clients.map((c) => (c.jwt ? `${c.jwt.issuer}/${c.jwt.subject}` : ''));
    this.issuer = clients.map((c) => c.jwt?.issuer ?? '');
  }

  /** The kind of a request from client `client` of mix entry `mix`. */
  of(client: number, mix: number): number {
    return this.offset[client] + mix;
  }
}
