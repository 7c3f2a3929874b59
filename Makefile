# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000
LAN_PORT ?= 8443
export HOST PORT

.PHONY: run run-lan test fuzz demo lint format translations extract-messages migrate secret e2e bench clean fonts web-fonts

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when a requirements file changes.
.make-installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

.make-installed-dev: requirements-dev.txt requirements.txt .make-installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

translations: .make-installed
	$(BIN)/pybabel compile -d app/translations

# The PDFs' font, Forums Thai, made from the Sarabun files in static/fonts (tools/copyable_font.py).
fonts: .make-installed-dev
	$(BIN)/python tools/copyable_font.py

# The pages' web fonts: Sarabun as WOFF2; the public pages' few icons and Bootstrap rules
# (tools/web_fonts.py, tools/public_css.py).
web-fonts: .make-installed-dev
	$(BIN)/python tools/web_fonts.py
	$(BIN)/python tools/public_css.py

extract-messages: .make-installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --no-wrap --sort-output -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --no-wrap

# A local secret key, made once and kept in instance/ (never committed).
instance/config.py:
	mkdir -p instance
	$(BIN)/python -c "import secrets; print(f'SECRET_KEY = {secrets.token_hex(32)!r}')" > $@

migrate: .make-installed instance/config.py
	$(FLASK) db upgrade

run: migrate translations
	$(FLASK) ensure-admin
	$(FLASK) run --host $(HOST) --port $(PORT)

# HTTPS on the venue's network for the check-in phones (see README, "Check-in at the door").
run-lan: migrate translations
	$(FLASK) ensure-admin
	$(FLASK) run-lan --port $(LAN_PORT)

demo: migrate translations
	$(FLASK) ensure-admin
	$(FLASK) seed-demo

lint: .make-installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: .make-installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# One test process per CPU (pytest-xdist); TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= auto
test: .make-installed-dev translations lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Schemathesis against a live server (.ci/fuzz): FUZZ_DATABASE_URL (emptied; default a new SQLite
# file), FUZZ_EXAMPLES per operation (default 100), FUZZ_PORT (default 5113).
fuzz: .make-installed-dev translations
	.ci/fuzz

bench: .make-installed-dev translations
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .make-installed .make-installed-dev .pytest_cache .ruff_cache
