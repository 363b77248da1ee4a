#!/usr/bin/env bash
# scripts/man2md.sh PAGE: the markdown of a man page on stdout, as
# docs/cli.md and docs/handlers.md are (make docs; tests/integration/
# test_man.sh compares them): a line saying where it comes from, then
# mandoc's markdown. The page is the one text; the markdown is made.
set -euo pipefail
page=$1
# shellcheck disable=SC2016 # the backquotes are markdown's
printf '> Generated from %s by `make docs` (mandoc -T markdown): edit the man page, not this file.\n\n' "$page"
# mandoc writes a quoted literal (Ql) as '`text`': the code span alone
mandoc -T markdown "$page" | sed -e "s/'\(\`[^\`]*\`\)'/\1/g"
echo
