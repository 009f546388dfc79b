# Alive: the front door. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ALIVE := $(BIN)/alive
PACKAGES := libs/contracts libs/observability libs/lifecycle libs/blobstore libs/messaging \
	services/ingest services/moderation services/animate services/generation services/provenance cli
# The local stack runs the embedded broker; the tests also talk to an S3 API.
EXTRAS_libs_messaging := [embedded]
EXTRAS_libs_blobstore := [s3]
EXTRAS_services_animate := [triton]
SAMPLE_PHOTO ?= samples/photos/landscape-temple.jpg
SAMPLE_PROMPT ?= sunset, clouds drifting, sea sounds
OUT ?= out
BENCH_JOBS ?= 10


.PHONY: help venv run stop up down status test test-unit lint proto proto-check bench loadtest helm-check images \
	train-moderation eval-moderation constraints clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: constraints.txt requirements-dev.txt $(addsuffix /pyproject.toml,$(PACKAGES))
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch first and exactly pinned: the local CPU wheel, never a CUDA build.
	$(BIN)/pip install --quiet -c constraints.txt torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -r requirements-dev.txt \
		$(foreach p,$(PACKAGES),-e $(p)$(EXTRAS_$(subst /,_,$(p))))
	touch $@

venv: $(VENV)/.installed ## create .venv with every service, the alive CLI and the dev tools

run: venv ## start the local stack and turn the sample photo into a signed story video
	@$(ALIVE) status >/dev/null 2>&1 || $(ALIVE) up
	@mkdir -p $(OUT)
	$(ALIVE) submit $(SAMPLE_PHOTO) "$(SAMPLE_PROMPT)" --out $(OUT)/story.mp4
	$(ALIVE) verify $(OUT)/story.mp4
	@echo "Your story: $(OUT)/story.mp4 (the stack keeps running; 'make stop' stops it)"

stop: venv ## stop the local stack
	$(ALIVE) down

up: venv ## start the local stack only
	$(ALIVE) up

status: venv ## health of each component of the local stack
	$(ALIVE) status

test: venv ## run the whole test suite (unit, integration, end-to-end) and the offline chart checks
	$(BIN)/python scripts/gen_proto.py --check
	$(BIN)/python scripts/helm_check.py
	$(BIN)/pytest

test-unit: venv ## fast tests only, no broker, Triton or stack
	$(BIN)/pytest -m "not integration and not e2e"

lint: venv ## ruff, mypy and the generated-code check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy libs/*/src cli/src services/*/src
	$(BIN)/python scripts/gen_proto.py --check

proto: venv ## regenerate the Python code for proto/
	$(BIN)/python scripts/gen_proto.py

proto-check: venv ## fail when the generated code is stale
	$(BIN)/python scripts/gen_proto.py --check

bench: venv ## benchmarks: engine, moderation, finishing, watermark, then jobs through the local stack
	# The watermark comparison baseline only; --no-deps keeps opencv/onnx duplicates out.
	$(BIN)/pip install --quiet --no-deps -c constraints.txt invisible-watermark PyWavelets
	$(BIN)/python -m alive_animate.bench
	$(BIN)/python -m alive_moderation.bench
	$(BIN)/python -m alive_provenance.bench
	$(BIN)/python -m alive_provenance.bench_watermark
	@$(ALIVE) status >/dev/null 2>&1 || $(ALIVE) up
	$(ALIVE) loadtest --jobs $(BENCH_JOBS) --concurrency 1 --unsafe-fraction 0

loadtest: venv ## a mixed load test against the local stack; report in docs/loadtest/
	@$(ALIVE) status >/dev/null 2>&1 || $(ALIVE) up
	$(ALIVE) loadtest --jobs 40 --concurrency 3 --report docs/loadtest

helm-check: venv ## lint, render and validate the Helm chart offline; hadolint the Dockerfiles
	$(BIN)/python scripts/helm_check.py

images: ## build the container images (needs a Docker engine)
	scripts/build_images.sh

train-moderation: venv ## rebuild the labelled and blind prompt sets and the bundled prompt classifier
	$(BIN)/python -m alive_moderation.prompt_templates
	$(BIN)/python -m alive_moderation.train

eval-moderation: venv ## precision, recall and false-positive rate on the held-out split and every test set
	$(BIN)/python -m alive_moderation.evaluate

constraints: ## re-pin third-party versions from the current .venv
	{ echo "# Exact versions of every third-party package, for reproducible installs (make venv)."; \
	  echo "# Regenerate with: make constraints"; \
	  $(BIN)/pip list --format=freeze --exclude-editable | grep -v '^alive' | sed 's/^torch==\(.*\)+cpu/torch==\1/'; } > constraints.txt

clean: ## remove the venv, local stack state and outputs
	-$(ALIVE) down
	rm -rf $(VENV) .alive $(OUT)
