# Thin front end over CMake + Ninja. `make demo` and `make test` are the two set-up
# commands from README.md; both install missing Debian packages first.
JOBS       ?= $(shell nproc)
RELEASE    := build/release
TESTBUILD  := build/test
FUZZBUILD  := build/fuzz
FUZZ_SMOKE_SECONDS ?= 10
FUZZ_RUNS          ?= 10000000
HOT_MODULES        := common;time;formula;ingest;store;engine;sql;judge

.PHONY: all deps build demo test test-build unit fuzz-build fuzz-smoke fuzz parity-full bench install package package-check format format-check tidy clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	cmake -S . -B $(RELEASE) -G Ninja -DCMAKE_BUILD_TYPE=Release -DNORTHSTAR_TESTS=OFF >/dev/null
	cmake --build $(RELEASE) -j $(JOBS)

demo: build
	@bash scripts/demo.sh $(RELEASE)

# The test build carries ASan and UBSan and keeps asserts on (no NDEBUG). It compiles at
# -O0 -g1, quick on two cores, except the modules tests spend their time in (HOT_MODULES,
# -O1). clang compiles it with libFuzzer's coverage instrumentation, so the same objects
# serve the unit tests, clang-tidy's compile database and the fuzz targets of `make
# test`'s smoke run: one sanitizer build, not two. clang-tidy runs as one of its tests.
# GoogleTest's headers are precompiled per test executable (NORTHSTAR_TEST_PCH).
# The release binary is built too and handed to CTest (NORTHSTAR_RELEASE_BIN): some
# script tests run what `make build` ships, since a build-flag mismatch can break only it.
test-build: deps build
	cmake -S . -B $(TESTBUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DNORTHSTAR_SANITIZE=ON -DNORTHSTAR_FUZZ=ON -DNORTHSTAR_TEST_PCH=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O0 -g1" \
	  -DNORTHSTAR_HOT_MODULES="$(HOT_MODULES)" \
	  -DNORTHSTAR_RELEASE_BIN=$(CURDIR)/$(RELEASE)/northstar >/dev/null
	cmake --build $(TESTBUILD) -j $(JOBS)

unit: test-build
	cd $(TESTBUILD) && ctest --output-on-failure -j $(JOBS)

fuzz-smoke: test-build
	@bash scripts/run-fuzzers.sh $(TESTBUILD) $(FUZZ_SMOKE_SECONDS)

# Long fuzzing gets its own optimised build (-O2: more executions per second).
fuzz-build: deps
	cmake -S . -B $(FUZZBUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNORTHSTAR_FUZZ=ON \
	  -DNORTHSTAR_TESTS=OFF -DCMAKE_CXX_COMPILER=clang++ >/dev/null
	cmake --build $(FUZZBUILD) -j $(JOBS) --target fuzzers

fuzz: fuzz-build parity-full
	@bash scripts/run-fuzzers.sh $(FUZZBUILD) 0 $(FUZZ_RUNS) $(FUZZ_TARGETS)

# The SQL parity harness at full size (about 40 minutes): 400 random formulas, and
# ClickHouse on every exported workspace, not only on `make test`'s sample.
parity-full: test-build
	NORTHSTAR_PARITY_FULL=1 NORTHSTAR_BUILD_DIR=$(CURDIR)/$(TESTBUILD) bash tests/scripts/sql_parity_engines.sh

test: build unit fuzz-smoke

# The binary, the systemd unit of `northstar serve` and the docs under PREFIX (/usr/local).
PREFIX ?= /usr/local
install: build
	cmake --install $(RELEASE) --prefix $(PREFIX)

# A .deb for Debian 12 (CPack; its Depends read off the binary by dpkg-shlibdeps).
package: build
	cd $(RELEASE) && cpack -G DEB -B $(CURDIR)/build/package
	@ls build/package/*.deb

# The .deb installed and used on a fresh Debian 12 made by debootstrap (root, a mirror;
# about 2 minutes): scripts/deb_fresh_install.sh.
package-check: package
	@command -v debootstrap >/dev/null || apt-get install -y debootstrap
	bash scripts/deb_fresh_install.sh $$(ls build/package/*.deb | head -1) $(CURDIR)/build/debroot

bench: build
	@bash bench/run.sh $(RELEASE)

format:
	@git ls-files '*.cpp' '*.h' | xargs clang-format -i

format-check:
	@git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run --Werror

tidy: deps
	@bash scripts/run-tidy.sh $(TESTBUILD)

clean:
	rm -rf build
