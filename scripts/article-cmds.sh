#!/bin/sh
# scripts/article-cmds.sh ARTICLE.txt > tests/data/article-NNN.cmds
#
# The command lines an article prints, one per line, for the test that checks
# every command a lesson runs without `added` is the article's
# (tests/lua/84b-lesson-article-cmds.lua). CI has no copy of the articles, so
# the output is committed; run this again when an article's text changes:
#
#   sh scripts/article-cmds.sh /work/shared/seeds/001_*.txt > tests/data/article-001.cmds
#
# A command line is a line of the article that, once a shell prompt
# ("[root@localhost ~]# ", "root@host:/dir# ", "user@host:~$ ") and a trailing
# "# comment" are taken off, starts with a command the articles type (ip,
# sysctl, tcpdump, ...) and holds no Chinese (prose such as "ip 命令来自 iproute2"
# starts with "ip" too). A line is split at "&&"; each part is one command, its
# blanks squeezed to one space. Output: sorted, each command once. A few printed
# lines that look like commands come along (the usage 'ip netns help' prints,
# brctl's header 'bridge name ...'); no lesson types them, so they do no harm.
[ $# -eq 1 ] && [ -r "$1" ] || { echo "usage: sh scripts/article-cmds.sh ARTICLE.txt" >&2; exit 2; }
LC_ALL=C awk '
{
  line = $0
  sub(/\r$/, "", line)
  # a shell prompt
  if (!sub(/^\[[^]]*\][#$] /, "", line)) {
    if (!sub(/^[A-Za-z0-9_.-]+@[^ #$]*[#$] /, "", line)) sub(/^[ \t]+/, "", line)
  }
  # a comment: "# ..." at the start, or after a blank
  if (line ~ /^#/) next
  sub(/[ \t]+#.*$/, "", line)
  if (line ~ /[\200-\377]/) next
  if (line !~ /^(sudo|echo|modprobe|ip|sysctl|tcpdump|ping|brctl|bridge|route|iptables|apt|vi|curl|docker|containerlab|clab|nsenter|ethtool|ifconfig|cat) /) next
  n = split(line, part, /&&/)
  for (i = 1; i <= n; i++) {
    c = part[i]
    gsub(/[ \t]+/, " ", c)
    sub(/^ /, "", c)
    sub(/ $/, "", c)
    if (c != "") print c
  }
}' "$1" | sort -u
