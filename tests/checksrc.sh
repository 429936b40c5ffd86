#!/bin/sh
# checksrc.sh - rejects banned functions in the sources (curl's
# checksrc): strcpy strcat sprintf vsprintf strtok atoi atol gets sscanf.
# Bounded or reentrant replacements exist for each; see style.md G.
status=0
for f in $(find sim preload -name '*.[ch]' 2>/dev/null | sort); do
  hits=$(grep -nE '(^|[^_a-zA-Z0-9])(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets|sscanf)[[:space:]]*\(' "$f" |
    grep -vE '(snprintf|vsnprintf)[[:space:]]*\(' )
  if [ -n "$hits" ]; then
    echo "$hits" | sed "s|^|$f:|"
    status=1
  fi
done
[ "$status" = 0 ] && echo "checksrc: no banned functions"
exit $status
