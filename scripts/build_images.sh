#!/usr/bin/env bash
# Build the Alive container images from the repository root.
#
#   scripts/build_images.sh [--push] [component ...]
#
# Components: ingest moderation generation provenance triton (default: all).
# Images: ${REGISTRY}/alive-<component>:${TAG}, the names the Helm chart uses
# (image.registry + components.<name>.image.name). Environment:
#   REGISTRY   default registry.example.com/alive (deploy/helm/alive/values.yaml)
#   TAG        default: the chart's appVersion
#   PLATFORM   e.g. linux/amd64 (optional)
#   TORCH_INDEX_URL  a CPU-only torch wheel index for a small moderation image (optional)
#   DOCKER     the docker-compatible client to use (default: docker)
#
# Needs a running Docker (or compatible) engine; without one it says so and
# exits 3 without building anything.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DOCKER="${DOCKER:-docker}"
REGISTRY="${REGISTRY:-registry.example.com/alive}"
TAG="${TAG:-$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' deploy/helm/alive/Chart.yaml)}"
PUSH=0
COMPONENTS=()

for arg in "$@"; do
  case "$arg" in
    --push) PUSH=1 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    ingest|moderation|generation|provenance|triton) COMPONENTS+=("$arg") ;;
    *) echo "build_images: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done
if [ ${#COMPONENTS[@]} -eq 0 ]; then
  COMPONENTS=(ingest moderation generation provenance triton)
fi

# The Python stages share services/Dockerfile (SERVICE picks the stage); Triton has its own.
recipe_of() {
  RECIPE=()
  case "$1" in
    triton) RECIPE=(--file services/animate/Dockerfile) ;;
    *)
      RECIPE=(--file services/Dockerfile --build-arg "SERVICE=$1")
      if [ "$1" = moderation ] && [ -n "${TORCH_INDEX_URL:-}" ]; then
        RECIPE+=(--build-arg "TORCH_INDEX_URL=$TORCH_INDEX_URL")
      fi
      ;;
  esac
}

if ! command -v "$DOCKER" >/dev/null 2>&1; then
  echo "build_images: no '$DOCKER' client on PATH; nothing built." >&2
  exit 3
fi
if ! "$DOCKER" info >/dev/null 2>&1; then
  echo "build_images: no Docker engine is reachable ('$DOCKER info' failed); nothing built." >&2
  echo "build_images: start one (or set DOCKER_HOST) and run again. The Dockerfiles are linted" >&2
  echo "build_images: without an engine by: python scripts/helm_check.py (hadolint step)." >&2
  exit 3
fi

platform_args=()
if [ -n "${PLATFORM:-}" ]; then
  platform_args=(--platform "$PLATFORM")
fi
revision="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

for component in "${COMPONENTS[@]}"; do
  image="${REGISTRY}/alive-${component}:${TAG}"
  recipe_of "$component"
  echo "==> ${image} (${RECIPE[*]})"
  "$DOCKER" build "${platform_args[@]}" "${RECIPE[@]}" \
    --tag "$image" \
    --label "org.opencontainers.image.version=${TAG}" \
    --label "org.opencontainers.image.revision=${revision}" \
    .
  if [ "$PUSH" -eq 1 ]; then
    "$DOCKER" push "$image"
  fi
done
echo "build_images: built ${#COMPONENTS[@]} image(s) with tag ${TAG}."
