-- Schedules the six prediction Edge Functions with pg_cron + pg_net (Supabase's recipe: "Scheduling Edge Functions").
--
-- One job, 'alpha-v4-predict', runs one minute after every 15-minute candle close (minutes 1, 16, 31, 46: time for
-- the candle to be ingested) and POSTs `{}` to all six functions at once: predict-btc-15m, predict-btc-1h,
-- predict-eth-15m, predict-eth-1h, predict-sol-15m, predict-sol-1h. The 1h functions run four times an hour: between
-- two 1h closes they find the same latest candle and write nothing new (a prediction already stored is kept), and a
-- failed call at minute 1 is retried at minute 16. pg_net sends the requests asynchronously after the job's
-- transaction commits; responses land in net._http_response (kept 6 hours).
--
-- Prerequisites, once per project (not run by this file, which holds no secret):
--   1. Enable the extensions pg_cron and pg_net (Dashboard > Integrations, or
--        create extension if not exists pg_cron;  create extension if not exists pg_net with schema extensions;).
--   2. Store the project URL and the key the functions accept in Vault:
--        select vault.create_secret('https://<project-ref>.supabase.co', 'alpha_v4_project_url');
--        select vault.create_secret('<ALPHA_V4_FUNCTION_SECRET, or a service-role JWT>', 'alpha_v4_function_key');
--      (vault.update_secret(id, new_secret) rotates one: the job reads the secrets at every run.)
-- Then run this file (SQL editor or psql). Running it again updates the job in place (cron.schedule upserts by name).
-- Stop it with: select cron.unschedule('alpha-v4-predict');

select cron.schedule(
  'alpha-v4-predict',
  '1,16,31,46 * * * *',
  $job$
  select net.http_post(
    url := (select decrypted_secret from vault.decrypted_secrets where name = 'alpha_v4_project_url') || '/functions/v1/' || f.name,
    body := '{}'::jsonb,
    headers := jsonb_build_object(
      'Content-Type', 'application/json',
      'Authorization', 'Bearer ' || (select decrypted_secret from vault.decrypted_secrets where name = 'alpha_v4_function_key')
    ),
    -- The functions' budget is 8 s; pg_net's default timeout (5 s) would abandon a slow one first.
    timeout_milliseconds := 10000
  ) as request_id
  from (values ('predict-btc-15m'), ('predict-btc-1h'), ('predict-eth-15m'), ('predict-eth-1h'), ('predict-sol-15m'), ('predict-sol-1h')) as f (name);
  $job$
);
