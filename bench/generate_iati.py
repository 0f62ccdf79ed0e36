"""Generate a large, realistic IATI 2.03 activity file for benchmarks.

    python bench/generate_iati.py OUTPUT.xml [--activities 100000] [--transactions 10] [--seed 1]

Each activity looks like a real bilateral project (JICA/MOFA-like): bilingual title and
descriptions, 4 participating organisations, 2 recipient countries and 3 sectors with
percentages, 2 policy markers, 3 budgets, about 10 transactions with provider and receiver,
2 document links, one result with an indicator and two periods, and one contact-info (an
element Kakehashi does not model, so the preserving path is exercised too). Deterministic
for a given seed. Streams to disk: memory stays flat for any size.
"""

import argparse
import random
from datetime import date, timedelta
from xml.sax.saxutils import escape

COUNTRIES = ["VN", "TH", "ID", "PH", "KH", "LA", "MM", "BD", "NP", "LK", "KE", "TZ", "GH", "SN"]
SECTORS = ["11220", "12220", "14020", "15110", "21020", "23210", "31120", "41010", "43040"]
WORDS = (
    "capacity development water supply sanitation rural health education agriculture "
    "disaster risk reduction infrastructure climate resilience research cooperation "
    "university partnership vaccine energy efficiency urban transport governance"
).split()
ORGS = [
    ("XM-DAC-701-8", "10", "Japan International Cooperation Agency", "国際協力機構"),
    ("XM-DAC-701-2", "10", "Ministry of Foreign Affairs of Japan", "外務省"),
    ("JP-JST", "10", "Japan Science and Technology Agency", "科学技術振興機構"),
    ("XM-DAC-41114", "40", "United Nations Development Programme", "国連開発計画"),
]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def activity(rng: random.Random, index: int) -> str:
    ident = f"XM-DAC-701-8-BENCH-{index:07d}"
    start = date(2015, 1, 1) + timedelta(days=rng.randrange(3000))
    end = start + timedelta(days=rng.randrange(365, 1800))
    countries = rng.sample(COUNTRIES, 2)
    sectors = rng.sample(SECTORS, 3)
    title = sentence(rng, 6)
    parts = [
        f'<iati-activity last-updated-datetime="2025-0{rng.randrange(1, 9)}-15T09:00:00Z" '
        f'xml:lang="en" default-currency="JPY" hierarchy="1">',
        f"<iati-identifier>{ident}</iati-identifier>",
        '<reporting-org ref="XM-DAC-701-8" type="10"><narrative>Japan International '
        'Cooperation Agency</narrative><narrative xml:lang="ja">国際協力機構</narrative>'
        "</reporting-org>",
        f'<title><narrative>{escape(title)}</narrative><narrative xml:lang="ja">'
        f"技術協力プロジェクト {index}</narrative></title>",
        f'<description type="1"><narrative>{escape(sentence(rng, 40))}</narrative>'
        f'<narrative xml:lang="ja">本事業は{countries[0]}における協力事業である。</narrative>'
        "</description>",
        f'<description type="2"><narrative>{escape(sentence(rng, 20))}</narrative></description>',
    ]
    for role, (ref, kind, name_en, name_ja) in zip("1234", ORGS, strict=True):
        parts.append(
            f'<participating-org ref="{ref}" type="{kind}" role="{role}"><narrative>{name_en}'
            f'</narrative><narrative xml:lang="ja">{name_ja}</narrative></participating-org>'
        )
    parts += [
        '<activity-status code="2"/>',
        f'<activity-date type="1" iso-date="{start}"/>',
        f'<activity-date type="2" iso-date="{start + timedelta(days=30)}"/>',
        f'<activity-date type="3" iso-date="{end}"/>',
        '<contact-info type="1"><organisation><narrative>JICA</narrative></organisation>'
        "<email>info@example.org</email></contact-info>",
        f'<recipient-country code="{countries[0]}" percentage="60"/>',
        f'<recipient-country code="{countries[1]}" percentage="40"/>',
    ]
    for code, pct in zip(sectors, ("50", "30", "20"), strict=True):
        parts.append(f'<sector vocabulary="1" code="{code}" percentage="{pct}"/>')
    parts += [
        '<policy-marker vocabulary="1" code="1" significance="1"/>',
        '<policy-marker vocabulary="1" code="6" significance="2"/>',
        '<collaboration-type code="1"/>',
        '<default-flow-type code="10"/>',
        '<default-finance-type code="110"/>',
        '<default-aid-type code="C01"/>',
        '<default-tied-status code="5"/>',
    ]
    for year in range(3):
        y = start.year + year
        parts.append(
            f'<budget type="1" status="2"><period-start iso-date="{y}-04-01"/>'
            f'<period-end iso-date="{y + 1}-03-31"/><value currency="JPY" '
            f'value-date="{y}-04-01">{rng.randrange(10**6, 10**9)}</value></budget>'
        )
    for t in range(rng.randrange(8, 13)):
        when = start + timedelta(days=30 * t)
        kind = "2" if t == 0 else rng.choice("334")
        currency = ' currency="USD"' if t % 5 == 4 else ""
        parts.append(
            f'<transaction ref="{ident}-T{t}"><transaction-type code="{kind}"/>'
            f'<transaction-date iso-date="{when}"/><value{currency} value-date="{when}">'
            f"{rng.randrange(10**5, 10**8)}.{rng.randrange(100):02d}</value>"
            f"<description><narrative>{escape(sentence(rng, 5))}</narrative></description>"
            '<provider-org ref="XM-DAC-701-8" type="10"><narrative>JICA</narrative>'
            '</provider-org><receiver-org type="10"><narrative>Ministry of Planning, '
            f"{countries[0]}</narrative></receiver-org></transaction>"
        )
    for d in range(2):
        parts.append(
            f'<document-link url="https://www.jica.go.jp/project/{index}/doc{d}.pdf" '
            f'format="application/pdf"><title><narrative>Project document {d}</narrative>'
            '</title><category code="A02"/><language code="en"/>'
            f'<document-date iso-date="{start}"/></document-link>'
        )
    parts.append(
        '<result type="1" aggregation-status="1"><title><narrative>Improved services'
        '</narrative></title><indicator measure="1" ascending="1"><title><narrative>'
        'People served</narrative></title><baseline year="2015" iso-date="2015-01-01" '
        'value="100"/><period><period-start iso-date="2016-01-01"/><period-end '
        'iso-date="2016-12-31"/><target value="500"/><actual value="420"/></period>'
        '<period><period-start iso-date="2017-01-01"/><period-end iso-date="2017-12-31"/>'
        '<target value="800"/></period></indicator></result>'
    )
    parts.append("</iati-activity>\n")
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with open(args.output, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write('<iati-activities version="2.03" generated-datetime="2025-10-01T00:00:00Z">\n')
        for index in range(args.activities):
            out.write(activity(rng, index))
        out.write("</iati-activities>\n")


if __name__ == "__main__":
    main()
