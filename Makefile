# halo: the usual targets for people who expect them. .ci/run is what CI runs.
.PHONY: test test-short lint bench ci release

test: ## every test, as the README says
	go vet ./... && go test ./...

test-short: ## the quick tests, with the race detector
	go test -race -short ./...

lint: ## go vet, gofmt, staticcheck, go mod tidy
	go vet ./...
	@test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }
	go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
	go mod tidy -diff

bench: ## the headline figures (bench/run) and the Go benchmarks
	bench/run

ci: ## what CI runs on a clean checkout
	bash .ci/run

release: ## the release binaries of every target, checksums and SBOMs, in dist/
	release/build
