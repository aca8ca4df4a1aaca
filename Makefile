# The two commands of the README. Each installs what is missing first.
.PHONY: run test

# Build the release site and serve it on http://127.0.0.1:3000 (SQLite, demo data).
run:
	.ci/setup
	@echo "make run turns demo data on (BATON_DEMO=1): demo staff sign in with a published password."
	BATON_DEMO=1 PATH="$(CURDIR)/end2end/node_modules/.bin:$$PATH" cargo leptos serve --release

# Every check and test, including the browser journeys.
test:
	.ci/setup --browser
	.ci/test
