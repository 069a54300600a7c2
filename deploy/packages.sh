#!/bin/sh
# packages.sh <where>...: the packages deploy/packages marks for any of the places named, one a
# line. `./hub` and the Dockerfile both read the list through this, so there is one list.
exec awk -v want=" $* " '!/^#/ && NF > 1 { for (i = 2; i <= NF; i++) if (index(want, " " $i " ")) { print $1; break } }' \
  "$(dirname "$0")/packages"
