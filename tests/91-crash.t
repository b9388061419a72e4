#!/bin/sh
# SIGKILL `netlearn check LESSON` at random points of every lesson; after each
# kill the machine must hold nothing of netlearn's (scripts/crashtest.sh).
cd "$(dirname "$0")/.." || exit 1
NETLEARN=${NETLEARN:-$PWD/build/netlearn} KILLS=${KILLS:-60} exec scripts/crashtest.sh
