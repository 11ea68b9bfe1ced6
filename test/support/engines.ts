/**
 * The two engines the store test suites run on, behind one interface: PGlite (embedded, in process) and a real
 * PostgreSQL 15 server (test/store/pg-cluster.ts: CI's cluster, or a throwaway one started on first use). Each
 * `open()` gives a fresh, migrated store in its own database.
 *
 * PGlite start-up (initdb in WebAssembly) plus the migrations cost seconds, so the first PGlite store of a test
 * file is migrated for real (through the store's migrator) and dumped; later ones load that data directory.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createPgliteStore, createPostgresStore } from '../../src/store/index.node.js';
import type { AlphaStore } from '../../src/store/index.js';
import { createDatabase, getCluster, type PgCluster, type TestDatabase } from './pg-cluster.js';

/** One engine of the suite. */
export interface Engine {
  readonly name: 'pglite' | 'postgres';
  /** A fresh migrated store (its own database). */
  open(): Promise<AlphaStore>;
  /** A second, independent connection to the same database as `store` (PostgreSQL only). */
  connect(store: AlphaStore): Promise<pg.Client>;
  /** The URL of the database behind `store` (PostgreSQL only). */
  url(store: AlphaStore): string;
  /** Closes every store opened and drops their databases; stops a cluster this process started. */
  dispose(): Promise<void>;
}

let template: Promise<Blob> | undefined;

/** PGlite: each store its own in-memory instance. */
export function pgliteEngine(): Engine {
  const stores: AlphaStore[] = [];
  return {
    name: 'pglite',
    async open() {
      let store: AlphaStore;
      if (!template) {
        // The first store of this file: created and migrated through the public API, then dumped as the template.
        const first = createPgliteStore();
        template = first.then(async (s) => {
          await s.migrate();
          const pglite = s.driver.pglite as unknown as PGlite;
          return (await pglite.dumpDataDir('none')) as Blob;
        });
        store = await first;
        await template;
      } else {
        const pglite = new PGlite({ loadDataDir: await template });
        await pglite.waitReady;
        store = await createPgliteStore(undefined, { pglite: pglite as never });
        // store.close() leaves a caller's instance open: close it with the store.
        const close = store.close.bind(store);
        (store as { close: () => Promise<void> }).close = async () => {
          await close();
          if (!pglite.closed) await pglite.close();
        };
      }
      stores.push(store);
      return store;
    },
    connect() {
      throw new Error('PGlite is one in-process connection: there is no second connection to open');
    },
    url() {
      throw new Error('PGlite has no URL');
    },
    async dispose() {
      for (const s of stores) await s.close();
      stores.length = 0;
    },
  };
}

/** PostgreSQL 15: each store its own database of the test cluster, migrated through the store's migrator. */
export function postgresEngine(prefix: string): Engine {
  let cluster: PgCluster | undefined;
  const opened: { store: AlphaStore; db: TestDatabase }[] = [];
  const urls = new WeakMap<AlphaStore, string>();
  return {
    name: 'postgres',
    async open() {
      cluster ??= await getCluster();
      const db = await createDatabase(cluster, prefix);
      const store = await createPostgresStore(db.url, { pool: { max: 4 } });
      await store.migrate();
      opened.push({ store, db });
      urls.set(store, db.url);
      return store;
    },
    async connect(store) {
      const client = new pg.Client({ connectionString: this.url(store) });
      client.on('error', () => {});
      await client.connect();
      return client;
    },
    url(store) {
      const u = urls.get(store);
      if (!u) throw new Error('not a store of this engine');
      return u;
    },
    async dispose() {
      for (const { store, db } of opened) {
        await store.close();
        await db.drop();
      }
      opened.length = 0;
      await cluster?.stop();
      cluster = undefined;
    },
  };
}

/** Both engines, PGlite first. */
export function engines(prefix: string): Engine[] {
  return [pgliteEngine(), postgresEngine(prefix)];
}
