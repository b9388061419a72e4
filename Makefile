# netlearn -- one hand-written Makefile.
#   make            build build/netlearn
#   make run        install what is missing, build, start the shell
#   make check      install what is missing, build, run every test (TAP via prove)
#   make install PREFIX=/usr/local DESTDIR=  (DOCDIR=PREFIX/share/doc/netlearn: the guides)
#   make SANITIZE=1 ASan + UBSan build;  V=1 shows the commands

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/netlearn
MANDIR  ?= $(PREFIX)/share/man
# the guides and the Lua API reference (docs/*.md, docs/api/*.md)
DOCDIR  ?= $(PREFIX)/share/doc/netlearn
# The AppArmor profile that lets netlearn make user namespaces where AppArmor
# restricts them (Ubuntu 23.10+): APPARMOR=auto installs it when
# $(DESTDIR)$(APPARMOR_DIR) exists, APPARMOR=1 always, APPARMOR=0 never.
APPARMOR     ?= auto
APPARMOR_DIR ?= /etc/apparmor.d
VERSION := 0.1.0

PKGS    := lua5.4 libnl-route-3.0 libnl-3.0 libmnl libnftnl readline libpcap
CC      ?= gcc
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
	-DNETLEARN_VERSION='"$(VERSION)"' -DNETLEARN_DATADIR='"$(DATADIR)"'
LIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm

ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer
LDFLAGS    += -fsanitize=address,undefined
BUILD      ?= build-san
else
BUILD      ?= build
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

SRCS := $(wildcard src/*.c)
OBJS := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRCS))
BIN  := $(BUILD)/netlearn

.PHONY: all deps deps-build run check check-san load install uninstall clean bench FORCE

all: $(BIN)

$(BIN): $(OBJS)
	@echo "  LD    $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LIBS)

$(BUILD)/obj/%.o: src/%.c src/netlearn.h $(wildcard src/*.h) | $(BUILD)/obj
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj:
	$(Q)mkdir -p $@

# main.o has DATADIR compiled in: rebuild it when DATADIR changes (make install PREFIX=...)
$(BUILD)/obj/main.o: $(BUILD)/datadir.txt
$(BUILD)/datadir.txt: FORCE | $(BUILD)/obj
	$(Q)echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
FORCE:

# scripts/deps.sh is the one install list
deps:
	$(Q)sh scripts/deps.sh all

deps-build:
	$(Q)sh scripts/deps.sh build

run: deps-build
	$(Q)$(MAKE) --no-print-directory all
	$(Q)exec ./$(BIN)

check: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)NETLEARN=$(CURDIR)/$(BIN) prove --exec '' --ext .t --ext .lua --timer $(PROVE_FLAGS) tests/ tests/lua/

bench: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)NETLEARN=$(CURDIR)/$(BIN) sh bench/run.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/lessons $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/netlearn
	cd lua && find . -name '*.lua' | while read -r f; do \
		install -D -m 644 "$$f" "$(DESTDIR)$(DATADIR)/lua/$$f" || exit 1; done
	for f in lessons/*.lua; do [ ! -e "$$f" ] || install -m 644 "$$f" $(DESTDIR)$(DATADIR)/lessons/ || exit 1; done
	install -m 644 docs/netlearn.1 $(DESTDIR)$(MANDIR)/man1/netlearn.1
	install -d $(DESTDIR)$(DOCDIR)/api
	install -m 644 README.md docs/*.md $(DESTDIR)$(DOCDIR)/
	install -m 644 docs/api/*.md $(DESTDIR)$(DOCDIR)/api/
	$(Q)aa="$(DESTDIR)$(APPARMOR_DIR)/netlearn"; \
	if [ "$(APPARMOR)" = 1 ] || { [ "$(APPARMOR)" = auto ] && [ -d "$(DESTDIR)$(APPARMOR_DIR)" ]; }; then \
		install -d "$(DESTDIR)$(APPARMOR_DIR)" && \
		sed 's|^profile netlearn /usr/local/bin/netlearn |profile netlearn $(BINDIR)/netlearn |' packaging/apparmor/netlearn > "$$aa.tmp" && \
		chmod 644 "$$aa.tmp" && mv "$$aa.tmp" "$$aa" || exit 1; \
		echo "AppArmor profile: $$aa"; \
		if [ -z "$(DESTDIR)" ] && command -v apparmor_parser >/dev/null 2>&1 && \
		   [ -d /sys/kernel/security/apparmor ]; then \
			apparmor_parser -r "$$aa" || exit 1; \
		elif [ -z "$(DESTDIR)" ]; then \
			echo "  (not loaded: AppArmor is not active here, or apparmor_parser is missing)"; \
		fi; \
	fi

uninstall:
	rm -rf $(DESTDIR)$(BINDIR)/netlearn $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR) $(DESTDIR)$(MANDIR)/man1/netlearn.1
	$(Q)aa="$(DESTDIR)$(APPARMOR_DIR)/netlearn"; \
	if [ -f "$$aa" ]; then \
		if [ -z "$(DESTDIR)" ] && command -v apparmor_parser >/dev/null 2>&1 && \
		   [ -d /sys/kernel/security/apparmor ]; then apparmor_parser -R "$$aa" || true; fi; \
		rm -f "$$aa"; \
	fi

clean:
	rm -rf build build-san build-fuzz

# Reliability (docs/reliability.md): fuzzing, the sanitizer suite, the load test.
-include fuzz/fuzz.mk

check-san:
	$(Q)$(MAKE) --no-print-directory check SANITIZE=1

load: all
	$(Q)NETLEARN=$(CURDIR)/$(BIN) LOAD_NS=1000 LOAD_ROUTES=10000 sh tests/lua/97-load.lua
