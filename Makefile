# Two commands for a newcomer: `make demo` (set up and run with demo content) and `make test`.
# The first interpreter that runs and is Python 3.11 or newer (pyenv shims may exist but not run).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { command -v $$p; break; }; done)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Where `make demo` serves, and the site's public origin (links in e-mails, CDN purges).
HOST ?= 127.0.0.1
PORT ?= 8000
PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)
# The demo logs warnings and errors only; `make demo LOG_LEVEL=INFO` shows every request.
DEMO_ENV := PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) LOG_LEVEL=$(or $(LOG_LEVEL),WARNING)

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'
	@echo "Variables: HOST=$(HOST) PORT=$(PORT) (e.g. make demo PORT=8010), PUBLIC_BASE_URL (default"
	@echo "  http://HOST:PORT), LOG_LEVEL (demo: WARNING), DATABASE_URL, REDIS_URL; see docs/operations.md"

# Quiet unless it fails: pip's output goes to $(VENV)/install.log, shown only on an error.
$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed (python3.11, python3.12 or python3)"; exit 1; }
	@echo "Installing into $(VENV) (once; a few minutes)..."
	@$(PYTHON) -m venv $(VENV)
	@{ $(BIN)/python -m pip install --upgrade pip && $(BIN)/python -m pip install -e ".[test]"; } \
		> $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; echo "Install failed (log: $(VENV)/install.log)"; exit 1; }
	@touch $(STAMP)

install: $(STAMP) ## Create the virtual environment and install the project with test tools

setup: install ## Migrate the database and load the demo content (idempotent; HOST, PORT)
	@$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput -v 0
	@$(DEMO_ENV) $(BIN)/python manage.py backfill_published_articles --recompose -v 0
	@$(DEMO_ENV) $(BIN)/python manage.py load_demo

# The webhook worker: delivers queued webhooks (the Procfile's `worker`).
WORKER := $(BIN)/python manage.py db_worker --backend webhooks --queue-name webhooks --interval 2 --no-reload
# The scheduler: scheduled go-live and expiry, review-due flags, reminder e-mails, webhook
# requeues, the daily verification (the Procfile's `scheduler`; docs/operations.md).
SCHEDULER_INTERVAL ?= 60
SCHEDULER := $(BIN)/python manage.py run_scheduled_jobs --interval $(SCHEDULER_INTERVAL)

demo: setup ## Set up and serve the demo on http://HOST:PORT (HOST=127.0.0.1 PORT=8000)
	@echo "Admin:            $(PUBLIC_BASE_URL)/admin/"
	@echo "API:              $(PUBLIC_BASE_URL)/api/v1/"
	@echo "API docs:         $(PUBLIC_BASE_URL)/api/v1/docs/"
	@echo "Reference client: $(PUBLIC_BASE_URL)/"
	@echo "E-mails are written to sent-mail/, not sent. Stop with Ctrl+C."
	@# The webhook worker and the scheduler run alongside the server, quietly (the scheduler's
	@# per-run report is dropped; warnings and errors still show), and stop with it.
	@$(DEMO_ENV) $(WORKER) -v 0 & worker=$$!; \
	$(DEMO_ENV) $(SCHEDULER) >/dev/null & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: install ## Deliver queued webhooks (make demo runs one alongside the server)
	$(DEMO_ENV) $(WORKER)

scheduler: install ## Run the scheduled jobs every SCHEDULER_INTERVAL seconds (make demo runs it)
	$(DEMO_ENV) $(SCHEDULER)

browser: ## Install Debian's Chromium (needs root) and axe-core (npm) for the browser tests
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium not installed: browser tests will be skipped"; }
	@# axe-core, the accessibility checker the browser tests inject (package.json, package-lock.json).
	@test -f node_modules/axe-core/axe.min.js || { command -v npm >/dev/null 2>&1 && npm ci --no-audit --no-fund --silent || echo "npm not found: the accessibility checks will be skipped"; }

# Parallel on every core (pytest-xdist): one migration per run, cloned for each worker
# (tests/parallel_databases.py); tests that bind fixed ports share a worker (--dist loadgroup).
# PYTEST_ARGS adds options, e.g. PYTEST_ARGS='-m "not end_to_end"' (CI's PostgreSQL pass).
WORKERS ?= auto

test: install browser ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup $(PYTEST_ARGS)

docs-images: install browser ## Retake the editor guide's screenshots into docs/images/
	DOCS_IMAGES_DIR=$(CURDIR)/docs/images $(BIN)/python -m pytest -p no:cacheprovider -q tests/browser/test_review_flow.py tests/browser/test_reviewers_desk.py

bench: install ## Benchmark our API against Wagtail's API v2 (COUNT=2000 DURATION=5; DATABASE_URL, ONLY, TRANSLATED=0.5 seeds Spanish translations; a postgres DATABASE_URL adds the replica rows)
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && apt-get install -y -qq wrk >/dev/null) || echo "wrk not installed: using the slower Python load generator"; }
	$(BIN)/python manage.py bench_api --count $(or $(COUNT),2000) --duration $(or $(DURATION),5) $(if $(DATABASE_URL),--database-url $(DATABASE_URL),) $(if $(findstring postgres,$(DATABASE_URL)),--replica,) $(if $(ONLY),--only $(ONLY),) $(if $(TRANSLATED),--translated $(TRANSLATED),)

lint: install ## Lint and check formatting with ruff
	$(BIN)/ruff check .

clean: ## Remove the virtual environment, database file and collected files
	rm -rf $(VENV) db.sqlite3 staticfiles sent-mail

.PHONY: help install setup demo worker scheduler browser test docs-images bench lint clean
