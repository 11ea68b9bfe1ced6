#!/usr/bin/env bash
# Installs the external oracles that some test suites run live, with Debian's apt (needs root):
#   - python3-xgboost, python3-sklearn, python3-numpy for Debian's /usr/bin/python3 (round trips through real
#     XGBoost; fixture generators in scripts/fixtures/);
#   - PostgreSQL 15's pg_cron and plpython3u (pinned to the installed server's version), for the store suites.
#   - chromium (Debian), the headless browser that renders the HTML report in its test.
# Without them `npm test` still passes and names the suites it could not run; under CI=true they are required.
#
#   npm run setup:oracles        # the same script .ci/run uses
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash scripts/pg/install.sh python3-xgboost python3-sklearn python3-numpy chromium
