# Aira's entry points. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test test-fast test-browser lint format serve setup migrate content clean bench lighthouse messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

migrate: setup
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DJANGO_DEBUG=1 $(BIN)/python manage.py createcachetable

# Loads built-in articles and practices; rows an editor changed are left alone (and
# listed), so a later run never overwrites their changes (aira/builtin.py).
content: migrate
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_builtin_content

run: content
	@echo ""
	@echo "  Aira is starting at http://127.0.0.1:$(PORT)/"
	@echo "  Emails (sign-up verification links, password resets, reminders) are sent by"
	@echo "  the task worker started beside the web server and printed in this terminal:"
	@echo "  look for the 'Please confirm your email' message and open its link."
	@echo "  Staff login: DJANGO_DEBUG=1 $(BIN)/python manage.py createsuperuser"
	@echo "  Ctrl-C stops the web server, the worker and the scheduler together."
	@echo ""
	DJANGO_DEBUG=1 AIRA_BASE_URL=http://127.0.0.1:$(PORT) PYTHON=$(BIN)/python scripts/run_all $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The translation catalogues (locale/es/LC_MESSAGES): collect every marked string from the
# templates, Python and JavaScript, then compile the .mo files, which are committed so a
# fresh clone runs without GNU gettext. Needs GNU gettext (apt-get install gettext).
MESSAGES_IGNORE := --ignore=.venv --ignore=staticfiles --ignore=test-artifacts \
	--ignore=node_modules --ignore=scripts --ignore=tests --ignore=bench-results
messages: setup
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages --locale=es --domain=django \
		--extension=html,txt,py --add-location=file $(MESSAGES_IGNORE)
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages --locale=es --domain=djangojs \
		--add-location=file $(MESSAGES_IGNORE) --ignore=offline/templates
	DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages --locale=es --ignore=.venv

# The whole suite, browser tests included.
test: setup
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(PYTEST_ARGS)

test-fast: setup
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

test-browser: setup
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -m browser $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# A consistent copy of the database in use, into backups/ (README: Backups). Without
# production settings in the environment it backs up the development database in var/.
backup: setup
	$(if $(DJANGO_SECRET_KEY),,DJANGO_DEBUG=1) $(BIN)/python manage.py backup

# Not part of `make test`: Locust drives gunicorn (2 workers) on loopback with signed-in
# people, on SQLite then PostgreSQL, and checks that nothing acknowledged was lost or
# duplicated (README: Load). E.g. LOAD_ARGS="--databases sqlite --duration 30".
LOAD_STAMP := $(VENV)/.installed-load
$(LOAD_STAMP): pyproject.toml | $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,load]"
	touch $(LOAD_STAMP)

load: $(LOAD_STAMP)
	$(BIN)/python scripts/load.py $(LOAD_ARGS)

.PHONY: backup load

# Not part of `make test`: 200 people polling one Breathe together link for 60 s through
# gunicorn (2 workers) on SQLite; fails on any error, a wrong count, or a poll whose
# median server time is over twice /robots.txt's. E.g. LOAD_TOGETHER_ARGS="--people 50".
load-together: setup
	$(BIN)/python scripts/load_together.py $(LOAD_TOGETHER_ARGS)

.PHONY: load-together

# Method, path without the query string (search words stay out of the log), status,
# bytes, seconds.
ACCESS_LOG_FORMAT = %(t)s "%(m)s %(U)s" %(s)s %(B)s %(L)s

# Production-like: debug off, collected static files, gunicorn with the task worker and
# the scheduler beside it (scripts/run_all; Ctrl-C stops all three). Uses a throwaway
# secret unless DJANGO_SECRET_KEY is set; plain HTTP on loopback, so no HTTPS redirect.
serve: setup
	$(eval export DJANGO_SECRET_KEY ?= $(shell $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))"))
	$(eval export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost)
	$(eval export DJANGO_SECURE_SSL_REDIRECT ?= 0)
	$(eval export AIRA_BASE_URL ?= http://127.0.0.1:$(PORT))
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_builtin_content
	$(BIN)/python manage.py collectstatic --no-input -v0
	PYTHON=$(BIN)/python scripts/run_all \
		$(BIN)/gunicorn aira.wsgi:application --bind 127.0.0.1:$(PORT) --workers 2 \
		--access-logfile - --access-logformat '$(ACCESS_LOG_FORMAT)'

# Measurements, not part of `make test`: production configuration on loopback with the
# built-in content and a user with 10,000 sessions and 10,000 check-ins. Each prints a
# Markdown table, saves it under bench-results/ and fails if a page misses its budget.
bench: setup
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

# Not part of `make test`: medians of sign-ups with new and with taken addresses, in
# production configuration; fails unless they are within 20% (the time must not tell
# who has an account). E.g. SIGNUP_TIMING_ARGS="-n 50".
signup-timing: setup
	$(BIN)/python scripts/signup_timing.py $(SIGNUP_TIMING_ARGS)

.PHONY: signup-timing

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

lighthouse: setup node_modules/.package-lock.json
	$(BIN)/python scripts/lighthouse.py

clean:
	rm -rf $(VENV) staticfiles test-artifacts node_modules

# Not part of `make test`: PostgreSQL filled with COPY (--size small by default, or
# --size large: 100,000 accounts and 10,000,000 rows), the personal pages of a person
# with 100 sessions and one with 100,000; fails on a sequential scan of the sessions or
# check-ins table (README: Data at scale). E.g. BENCH_SCALE_ARGS="--size large".
bench-scale: setup
	$(BIN)/python scripts/bench_scale.py $(BENCH_SCALE_ARGS)

.PHONY: bench-scale
