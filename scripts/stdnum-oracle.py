#!/usr/bin/env python3
"""Independent verdicts for the identity cross-check (libs/domain/src/identity/stdnum-crosscheck.spec.ts).

Reads {"numbers": [...]} on stdin; writes {"version", "table", "verdicts"} on stdout, where table is python-stdnum's
own reading of its area-code database (code -> county string, e.g. "[1983-1995]栖霞县") and verdicts holds, per
number, true / false from stdnum.cn.ric.is_valid or "error" when stdnum raised (it raises KeyError for an unlisted
county in a listed province). Needs python-stdnum on PYTHONPATH.
"""

import json
import sys

import stdnum
from stdnum import numdb
from stdnum.cn import ric


def table():
    """Walks the two-level prefix tree of cn/loc (province, then county) as numdb loaded it."""
    codes = {}
    for length, low, high, props, children in numdb.get('cn/loc').prefixes:
        if length != 2 or low != high:
            sys.exit('unexpected province prefix %r' % ((length, low, high),))
        for c_length, c_low, c_high, c_props, _ in children:
            if c_length != 4 or c_low != c_high or 'county' not in c_props:
                sys.exit('unexpected county prefix %r' % ((c_length, c_low, c_high),))
            codes[low + c_low] = c_props['county']
    return codes


def verdict(number):
    try:
        return ric.is_valid(number)
    except Exception:  # noqa: BLE001  (stdnum's own KeyError on unlisted counties)
        return 'error'


def main():
    numbers = json.load(sys.stdin)['numbers']
    json.dump({'version': stdnum.__version__, 'table': table(), 'verdicts': [verdict(n) for n in numbers]},
              sys.stdout, ensure_ascii=False)


if __name__ == '__main__':
    main()
