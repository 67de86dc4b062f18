# The two commands of the README, and the checks CI runs.
.PHONY: run test conformance build system-packages bench clean-data

system-packages:
	@scripts/install-system-packages.sh

build: system-packages
	swift build --product ipcase

## Serve on http://127.0.0.1:8080 with the embedded PostgreSQL and demo data.
run: build
	@echo "ipcase: the web console on http://127.0.0.1:$${IPCASE_PORT:-8080}/ and the API under /v1 (Ctrl-C stops it and its database)"
	@if [ -f $${IPCASE_DATA_DIR:-.ipcase}/demo-credentials ]; then echo "Demo logins (role email password):"; cat $${IPCASE_DATA_DIR:-.ipcase}/demo-credentials; fi
	.build/debug/ipcase serve --demo

## The whole test suite, against a throwaway PostgreSQL it starts itself. The outage test measures how soon
## requests are answered, so it runs on its own after the rest, not among hundreds of tests at once. Then the
## web console in headless Chromium, against `ipcase serve --demo`.
test: system-packages
	swift test --skip DatabaseOutageTests
	swift test --skip-build --filter DatabaseOutageTests
	scripts/browser-tests.sh

## schemathesis over every operation of /openapi.yaml against a live server.
conformance: build
	scripts/conformance.sh

## Release build, then each hot request beside its limit: through HTTP, and its own statements through pgbench
## (Benchmarks/requests.py, on 100,000 seeded cases). BASELINE=/path/to/an/older/ipcase measures that one first.
bench:
	@scripts/install-system-packages.sh wrk
	swift build -c release --product ipcase
	python3 Benchmarks/requests.py --binary .build/release/ipcase $(if $(BASELINE),--baseline $(BASELINE))

## Forget the embedded database and its data.
clean-data:
	rm -rf .ipcase
