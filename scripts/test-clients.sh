#!/usr/bin/env bash
# The TypeScript half of the test suite, run by `mvn verify` after the Java tests (the
# `client-tests` profile in pom.xml) and so by CI: for the clients (clients/typescript) and the
# console (console/), the type checks, unit tests, the check that the console built into the jar is
# the one its sources build to, and the end-to-end tests in headless Chromium against the real jar.
#
# Without Node, or without a Chromium for the browser tests, it says so and skips that part, so the
# Java suite still runs on a machine with only a JDK and Maven; KCK_REQUIRE_CLIENT_TESTS=1 (set by
# .ci/run) turns each skip into a failure. CHROMIUM names the browser (default: chromium on PATH).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
required="${KCK_REQUIRE_CLIENT_TESTS:-0}"
jar="${KCK_JAR:-$root/target/kck.jar}"
shots="$root/target/e2e-screenshots"

skip() {
  if [ "$required" = 1 ]; then
    echo "test-clients: $1, and KCK_REQUIRE_CLIENT_TESTS=1" >&2
    exit 1
  fi
  echo "test-clients: SKIPPED: $1" >&2
}

step() {
  echo "test-clients: $*" >&2
}

if ! command -v npm >/dev/null 2>&1; then
  skip "npm is not installed (Node 20 runs the TypeScript tests)"
  exit 0
fi

step "clients: npm ci, typecheck, build, unit tests"
(cd "$root/clients/typescript" && npm ci --no-audit --no-fund --loglevel=error && npm test)
step "console: npm ci, typecheck, unit tests, built assets match the sources"
(cd "$root/console" && npm ci --no-audit --no-fund --loglevel=error && npm test && npm run check-built)

browser="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$browser" ] || [ ! -x "$browser" ]; then
  skip "no Chromium for the browser tests (apt-get install chromium, or set CHROMIUM)"
  exit 0
fi
if [ ! -f "$jar" ]; then
  echo "test-clients: no KCK jar at $jar (mvn package builds it)" >&2
  exit 1
fi
mkdir -p "$shots"
step "clients: the dashboard example in $browser against the real jar"
(cd "$root/clients/typescript" && CHROMIUM="$browser" KCK_JAR="$jar" npm run e2e)
step "console: the console in $browser"
(cd "$root/console" && CHROMIUM_PATH="$browser" E2E_SCREENSHOTS="$shots" npm run e2e)
step "done; screenshots in $shots and clients/typescript/e2e/output"
