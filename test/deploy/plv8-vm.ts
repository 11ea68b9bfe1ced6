/**
 * A stand-in for plv8 in tests: a bare `node:vm` context (ECMAScript built-ins only; `console` and `WebAssembly`
 * deleted, and no Node or Web API: no TextEncoder, timers, Buffer, fetch, crypto, process or require), with a
 * `plv8` object whose `execute` runs the SQL on the real PostgreSQL test server through the synchronous bridge
 * (sync-pg.ts), and the message levels plv8 defines as globals (`WARNING`, ...).
 *
 * The shim converts as plv8 documents ("Auto Mapping Between Javascript and PostgreSQL Built-in Types"): rows as
 * objects keyed by column name, float8/int/numeric as numbers, timestamptz as Date, bytea as a Uint8Array, json and
 * jsonb parsed; a statement without a result set returns the rows affected. Every value is built inside the context
 * (its own Date, Uint8Array, Object), as plv8 builds them in its V8 context. `subtransaction` is a savepoint;
 * `elog` records messages below ERROR and throws at ERROR. A SQL error is thrown as an Error with `sqlerrcode`.
 *
 * Functions of the installer are compiled as plv8 compiles a function body: `(function (<argument names>) { body })`,
 * a trigger's with NEW, OLD, TG_NAME, TG_WHEN, TG_LEVEL, TG_OP, TG_RELID, TG_TABLE_NAME, TG_TABLE_SCHEMA, TG_ARGV.
 */
import vm from 'node:vm';
import { SyncPgError, type SyncPg } from './sync-pg.js';

/** PostgreSQL 15's message levels (elog.h), which plv8 defines as globals. */
export const ELOG_LEVELS = { DEBUG5: 10, DEBUG4: 11, DEBUG3: 12, DEBUG2: 13, DEBUG1: 14, LOG: 15, INFO: 17, NOTICE: 18, WARNING: 19, ERROR: 21 } as const;

/** The trigger arguments plv8 passes, in its order. */
const TRIGGER_ARGS = ['NEW', 'OLD', 'TG_NAME', 'TG_WHEN', 'TG_LEVEL', 'TG_OP', 'TG_RELID', 'TG_TABLE_NAME', 'TG_TABLE_SCHEMA', 'TG_ARGV'];

/** Evaluated in the context: builds `plv8` over the host bridge, and the value tags' decoder. */
const SHIM = `(function (host, levels) {
  'use strict';
  function decode(v) {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(decode);
    if ('$date' in v) return new Date(v.$date);
    if ('$bytea' in v) {
      var h = v.$bytea, out = new Uint8Array(h.length / 2);
      for (var i = 0; i < out.length; i++) out[i] = parseInt(h.substr(2 * i, 2), 16);
      return out;
    }
    if ('$num' in v) return Number(v.$num);
    if ('$json' in v) return v.$json;
    return v;
  }
  function encode(v) {
    if (v === undefined || v === null) return null;
    if (v instanceof Date) return { $date: v.getTime() };
    if (v instanceof Uint8Array) {
      var hex = '';
      for (var i = 0; i < v.length; i++) hex += (v[i] < 16 ? '0' : '') + v[i].toString(16);
      return { $bytea: hex };
    }
    if (typeof v === 'number') return Number.isFinite(v) ? v : { $num: String(v) };
    if (Array.isArray(v)) return v.map(encode);
    if (typeof v === 'object') return { $json: v };
    return v;
  }
  var notices = [];
  var savepoints = 0;
  var plv8 = {
    version: 'node:vm shim',
    execute: function (sql, params) {
      var reply = JSON.parse(host(String(sql), JSON.stringify((params || []).map(encode))));
      if (reply.error) {
        var e = new Error(reply.error.message);
        e.sqlerrcode = reply.error.code;
        throw e;
      }
      if (!reply.hasRows) return reply.rowCount;
      return reply.rows.map(function (r) {
        var o = {};
        reply.fields.forEach(function (f, i) { o[f] = decode(r[i]); });
        return o;
      });
    },
    subtransaction: function (fn) {
      var name = 'plv8_subtransaction_' + (++savepoints);
      plv8.execute('SAVEPOINT ' + name);
      try {
        fn();
      } catch (e) {
        plv8.execute('ROLLBACK TO SAVEPOINT ' + name);
        plv8.execute('RELEASE SAVEPOINT ' + name);
        throw e;
      }
      plv8.execute('RELEASE SAVEPOINT ' + name);
    },
    elog: function (level) {
      var message = Array.prototype.slice.call(arguments, 1).join(' ');
      if (level >= levels.ERROR) throw new Error(message);
      notices.push({ level: level, message: message });
    },
  };
  function invoke(fn, argsJson) {
    var result = fn.apply(null, decode(JSON.parse(argsJson)));
    return result === undefined ? undefined : JSON.stringify(result);
  }
  function fire(fn, insertSql, paramsJson, name, argv, schema, table) {
    var NEW = plv8.execute(insertSql, decode(JSON.parse(paramsJson)))[0];
    var result = fn(NEW, undefined, name, 'AFTER', 'ROW', 'INSERT', 0, table, schema, argv);
    return result === undefined ? undefined : JSON.stringify(result);
  }
  return { plv8: plv8, notices: notices, invoke: invoke, fire: fire };
})`;

/** A compiled plv8 function of the context. */
export type Plv8Function = (...args: unknown[]) => unknown;

/** The stand-in (see the module doc). */
export interface Plv8Harness {
  readonly context: vm.Context;
  /** Evaluates code in the context; returns its completion value. */
  run(code: string): unknown;
  /** The messages `plv8.elog` recorded (below ERROR), oldest first, as host values. */
  notices(): { level: number; message: string }[];
  /** Compiles a function body as plv8 does, with these argument names. */
  compile(body: string, argNames: readonly string[]): Plv8Function;
  /** Compiles a trigger function body (plv8's trigger arguments). */
  compileTrigger(body: string): Plv8Function;
  /** Calls a compiled function with arguments given as JSON-able values (Dates tagged `{ $date: ms }`); returns its result as plv8 returns json (parsed). */
  call(fn: Plv8Function, args: readonly unknown[]): unknown;
  /** Runs `insertSql ... RETURNING *` through `plv8.execute`, then the trigger function with that row as NEW (an AFTER INSERT FOR EACH ROW firing). */
  fire(trigger: Plv8Function, insertSql: string, params: readonly unknown[], options: { name: string; argv: readonly string[]; schema: string; table: string }): unknown;
  /** Runs `fn` in a transaction of the bridge's connection: BEGIN, then COMMIT, or ROLLBACK when it throws (a function call's atomicity). */
  transaction<T>(fn: () => T): T;
}

/**
 * The body of a function of the installer SQL, as PostgreSQL stores it (`pg_proc.prosrc`): the text between
 * `AS $alpha_v4_plv8$` and `$alpha_v4_plv8$;` of `CREATE OR REPLACE FUNCTION alpha_v4.<name>(`.
 */
export function functionBody(installSql: string, name: string): string {
  const start = installSql.indexOf(`CREATE OR REPLACE FUNCTION alpha_v4.${name}(`);
  if (start < 0) throw new Error(`no function alpha_v4.${name} in the installer`);
  const open = installSql.indexOf('AS $alpha_v4_plv8$', start);
  const close = installSql.indexOf('$alpha_v4_plv8$;', open + 1);
  if (open < 0 || close < 0) throw new Error(`alpha_v4.${name}: no $alpha_v4_plv8$ body`);
  return installSql.slice(open + 'AS $alpha_v4_plv8$'.length, close);
}

/** A bare context with the plv8 stand-in over `pg` (without `pg`, `plv8.execute` throws: for tests that need no database). */
export function createPlv8Harness(pg?: SyncPg): Plv8Harness {
  const context = vm.createContext({});
  vm.runInContext('delete globalThis.console; delete globalThis.WebAssembly;', context);
  const shim = (vm.runInContext(SHIM, context) as (host: (sql: string, params: string) => string, levels: object) => {
    plv8: object;
    notices: { level: number; message: string }[];
    invoke: (fn: Plv8Function, argsJson: string) => string | undefined;
    fire: (fn: Plv8Function, sql: string, paramsJson: string, name: string, argv: readonly string[], schema: string, table: string) => string | undefined;
  })((sql, params) => {
    if (pg === undefined) throw new Error('this harness has no database');
    return pg.queryText(sql, params);
  }, ELOG_LEVELS);
  context.plv8 = shim.plv8;
  for (const [level, value] of Object.entries(ELOG_LEVELS)) context[level] = value;
  const parse = (text: string | undefined): unknown => (text === undefined ? undefined : JSON.parse(text));
  const compile = (body: string, argNames: readonly string[]): Plv8Function => vm.runInContext(`(function (${argNames.join(', ')}) {\n${body}\n})`, context, { filename: 'plv8-function.js' }) as Plv8Function;
  return {
    context,
    run: (code) => vm.runInContext(code, context),
    notices: () => JSON.parse(JSON.stringify(shim.notices)) as { level: number; message: string }[],
    compile,
    compileTrigger: (body) => compile(body, TRIGGER_ARGS),
    call: (fn, args) => parse(shim.invoke(fn, JSON.stringify(args))),
    fire: (trigger, insertSql, params, o) => {
      const argv = vm.runInContext(`${JSON.stringify(o.argv)}`, context) as string[];
      return parse(shim.fire(trigger, insertSql, JSON.stringify(params), o.name, argv, o.schema, o.table));
    },
    transaction(fn) {
      if (pg === undefined) throw new Error('this harness has no database');
      pg.query('BEGIN');
      try {
        const result = fn();
        pg.query('COMMIT');
        return result;
      } catch (e) {
        try {
          pg.query('ROLLBACK');
        } catch (rollback) {
          if (!(rollback instanceof SyncPgError)) throw rollback;
        }
        throw e;
      }
    },
  };
}
