# fuzz/fuzz.mk -- libFuzzer targets (clang), included by the Makefile.
#   make fuzz                 build, then run every target FUZZ_SECONDS (default 60) each
#   make fuzz-build           just build build-fuzz/fuzz_*
#   make fuzz FUZZ_TARGETS=filter FUZZ_SECONDS=600
# Corpora start from fuzz/seeds/ (the articles' command lines, the capture tests'
# frames) and fuzz/regress/ (inputs that once crashed); new finds go to
# build-fuzz/corpus/, crashes to build-fuzz/crashes/. See docs/reliability.md.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= decode filter addr cmdline
FUZZ_OUT     := build-fuzz
FUZZ_FLAGS   := -g -O1 -std=c11 -D_GNU_SOURCE -Isrc -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
# The Lua target checks Lua code (liblua is not instrumented): ASan only slows it 20x.
FUZZ_FLAGS_LUA := $(subst address$(comma),,$(FUZZ_FLAGS))
comma := ,

FUZZ_BINS := $(patsubst %,$(FUZZ_OUT)/fuzz_%,$(FUZZ_TARGETS))

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	$(Q)FUZZ_OUT=$(FUZZ_OUT) sh fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

$(FUZZ_OUT):
	$(Q)mkdir -p $@

# the decoder is src/decode.c and its parts src/decode_*.c
DECODE_SRCS := $(wildcard src/decode*.c)
$(FUZZ_OUT)/fuzz_decode: fuzz/fuzz_decode.c $(DECODE_SRCS) $(wildcard src/decode*.h) | $(FUZZ_OUT)
	@echo "  FUZZ  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ fuzz/fuzz_decode.c $(DECODE_SRCS)

# libpcap itself is not instrumented: this checks netlearn's use of it (src/bpf.c)
$(FUZZ_OUT)/fuzz_filter: fuzz/fuzz_filter.c src/bpf.c src/bpf.h | $(FUZZ_OUT)
	@echo "  FUZZ  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ fuzz/fuzz_filter.c src/bpf.c $(shell pkg-config --libs libpcap)

$(FUZZ_OUT)/fuzz_addr: fuzz/fuzz_addr.c src/addrparse.c src/addrparse.h | $(FUZZ_OUT)
	@echo "  FUZZ  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ fuzz/fuzz_addr.c src/addrparse.c

$(FUZZ_OUT)/fuzz_cmdline: fuzz/fuzz_cmdline.c | $(FUZZ_OUT)
	@echo "  FUZZ  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS_LUA) -DLUA_DIR='"$(CURDIR)/lua"' $(shell pkg-config --cflags lua5.4) \
		-o $@ fuzz/fuzz_cmdline.c $(shell pkg-config --libs lua5.4) -lm
