#!/bin/sh
# Starts one Cascade process in the container: api (default), worker or migrate; any other
# command runs as given, e.g. `docker run --rm -it cascade:latest sh`.
set -eu

command="${1:-api}"
if [ "$#" -gt 0 ]; then shift; fi

case "$command" in
  api) exec node dist/src/main.js "$@" ;;
  worker) exec node dist/src/worker.js "$@" ;;
  migrate) exec node dist/src/cli/migration.js run ;;
  *) exec "$command" "$@" ;;
esac
