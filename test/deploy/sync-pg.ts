/**
 * A synchronous bridge to the PostgreSQL test server, for the plv8 shim: `plv8.execute` is synchronous, and a
 * node-postgres client is not. A worker thread (sync-pg-worker.mjs) holds the client; `queryText` posts the
 * statement to it and blocks this thread in `Atomics.wait` on a shared flag until the worker has run it and posted
 * the reply, which is then read synchronously with `receiveMessageOnPort`. One statement at a time, in order, on
 * one connection (so BEGIN ... COMMIT and savepoints work as in a plv8 function's transaction).
 *
 * Robustness: a statement that takes longer than the timeout terminates the worker and throws (nothing hangs); a
 * SQL error comes back as a reply and is thrown by the caller with its SQLSTATE.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** A reply of the worker: a result, or the error (with its SQLSTATE). */
export type SyncPgReply =
  | { readonly fields: string[]; readonly rows: unknown[][]; readonly rowCount: number; readonly hasRows: boolean; readonly error?: undefined }
  | { readonly error: { readonly message: string; readonly code: string | null; readonly detail: string | null; readonly hint: string | null } };

/** A SQL error raised through the bridge: the server's message, with its SQLSTATE in `code`. */
export class SyncPgError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'SyncPgError';
  }
}

/** The synchronous connection (see the module doc). */
export class SyncPg {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  private closed = false;

  /**
   * @param url the database URL
   * @param timeoutMs longest a statement may take before the worker is terminated and the call throws
   */
  constructor(url: string, private readonly timeoutMs = 60_000) {
    const { port1, port2 } = new MessageChannel();
    const flag = new SharedArrayBuffer(4);
    this.signal = new Int32Array(flag);
    this.port = port1;
    this.worker = new Worker(new URL('./sync-pg-worker.mjs', import.meta.url), { workerData: { url, port: port2, flag }, transferList: [port2] });
    this.worker.unref();
  }

  /**
   * Runs one statement; returns the worker's reply as JSON text (values tagged: see sync-pg-worker.mjs). `paramsJson`
   * is the JSON text of the parameters, tagged the same way. Throws when the bridge is closed or the statement
   * times out.
   */
  queryText(sql: string, paramsJson = '[]'): string {
    if (this.closed) throw new Error('SyncPg: the bridge is closed');
    Atomics.store(this.signal, 0, 0);
    this.worker.postMessage(JSON.stringify({ sql, params: JSON.parse(paramsJson) }));
    if (Atomics.wait(this.signal, 0, 0, this.timeoutMs) === 'timed-out') {
      this.closed = true;
      void this.worker.terminate();
      throw new Error(`SyncPg: no reply within ${this.timeoutMs} ms to: ${sql.slice(0, 120)}`);
    }
    const received = receiveMessageOnPort(this.port);
    if (received === undefined) throw new Error(`SyncPg: the worker signalled without a reply to: ${sql.slice(0, 120)}`);
    return received.message as string;
  }

  /** Runs one statement from this (host) side; throws a {@link SyncPgError} for a SQL error. */
  query(sql: string, params: readonly unknown[] = []): Extract<SyncPgReply, { fields: string[] }> {
    const reply = JSON.parse(this.queryText(sql, JSON.stringify(params))) as SyncPgReply;
    if (reply.error) throw new SyncPgError(reply.error.message, reply.error.code);
    return reply;
  }

  /** Closes the connection and stops the worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.worker.postMessage('close');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void this.worker.terminate().then(() => resolve()), 5_000);
      this.worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.port.close();
  }
}
