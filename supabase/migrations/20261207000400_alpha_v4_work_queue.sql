-- The work queue: units of work (a market's prediction at a candle close, say) that any number of workers, on any
-- number of machines, share through the database itself. A worker claims one due pending item with
-- SELECT ... FOR UPDATE SKIP LOCKED inside a transaction, does the work in that same transaction and marks the item
-- done before it commits: the row lock keeps every other worker off the item while it runs, and a worker that dies
-- mid-job rolls back, which leaves the item pending for the next worker. Enqueuing the same work twice is a no-op
-- (UNIQUE (kind, symbol, timeframe, due_at), NULLs equal). Idempotent like every file here; it secures its table the
-- way 20261127000700_alpha_v4_security.sql secures the others (RLS enabled, service_role only).

CREATE TABLE IF NOT EXISTS alpha_v4.work_items (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- What to do: a lowercase identifier the workers dispatch on ('predict', ...).
  kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_]{0,62}$'),
  -- The market it is about, or NULL for work that is not a market's.
  symbol text CHECK (symbol <> ''),
  timeframe text CHECK (timeframe IN ('1m', '5m', '15m', '30m', '1h', '4h', '1d')),
  -- When the work is for (a candle close): claimed in this order, never before it.
  due_at timestamptz NOT NULL,
  -- Not claimed before this time: due_at at first, pushed back after each failure (the retry backoff).
  available_at timestamptz NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(payload) = 'object'),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  -- Runs that ended (failed, or done): a run killed mid-job rolled back and left no trace.
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text,
  -- The worker of the last run that ended.
  claimed_by text,
  done_at timestamptz,
  done_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT work_items_once UNIQUE NULLS NOT DISTINCT (kind, symbol, timeframe, due_at),
  CONSTRAINT work_items_done CHECK ((status = 'done') = (done_at IS NOT NULL AND done_by IS NOT NULL))
);
COMMENT ON TABLE alpha_v4.work_items IS 'Work shared by the workers: claimed with SELECT ... FOR UPDATE SKIP LOCKED, done in the claiming transaction, once per (kind, symbol, timeframe, due_at)';

-- The claim's scan: pending items by due time.
CREATE INDEX IF NOT EXISTS work_items_pending ON alpha_v4.work_items (due_at, id) WHERE status = 'pending';

-- ---------------------------------------------------------------------------------------------------------------
-- Security, as for the other alpha_v4 tables: RLS enabled, no access for the API roles, service_role reads and
-- writes through its policy.

REVOKE ALL ON alpha_v4.work_items FROM PUBLIC, anon, authenticated;
GRANT SELECT, INSERT, UPDATE, DELETE ON alpha_v4.work_items TO service_role;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA alpha_v4 TO service_role;
ALTER TABLE alpha_v4.work_items ENABLE ROW LEVEL SECURITY;
DO $rls$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = 'alpha_v4.work_items'::regclass AND polname = 'service_role_all') THEN
    CREATE POLICY service_role_all ON alpha_v4.work_items FOR ALL TO service_role USING (true) WITH CHECK (true);
  END IF;
END
$rls$;
