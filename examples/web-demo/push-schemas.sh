#!/bin/sh
# Publishes the demo's schemas to the Iglu registry inside a running `sp micro` (or any Iglu
# Server): lint first, then one PUT per schema, in SchemaVer order.
#   SP_IGLU_API_KEY=<the key sp micro printed> ./push-schemas.sh
set -eu
cd "$(dirname "$0")"
: "${SP_IGLU_API_KEY:?set SP_IGLU_API_KEY to the super API key sp micro printed at start-up (or gave with --api-key)}"
# SP: how to run sp (default: the app's own, npx sp)
${SP:-npx sp} schema push schemas/ --registry "${SP_IGLU_REGISTRY_URL:-http://127.0.0.1:9090}" --api-key "$SP_IGLU_API_KEY"
