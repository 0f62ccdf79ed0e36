"""Sample activities, people and exchanges for the demo: invented, seeded, clearly marked.

Everything here is is_sample=True, with 【サンプル】/[Sample] in titles and a note in the
descriptions. The same seed gives the same records. Titles and descriptions are built from
bilingual templates; partner institutions are real names used only as plausible partners.
Dates are computed against a fixed DATA_AS_OF, not today, so the data never drifts.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from kakehashi.core.models import Country
from kakehashi.core.services.japanese_calendar import fiscal_year_of, fiscal_year_range
from kakehashi.registry.models import (
    Activity,
    ActivityDescription,
    ActivitySector,
    Budget,
    Exchange,
    ExchangeKind,
    Indicator,
    IndicatorPeriod,
    Organisation,
    OrganisationKind,
    ParticipatingOrg,
    Person,
    RecipientCountry,
    RecipientRegion,
    Result,
    Tag,
    Transaction,
    narratives_from,
)
from kakehashi.registry.services.demo.facts import FactRecords
from kakehashi.registry.services.demo.vocabulary import (
    AID_TYPE,
    COUNTRIES,
    DAC_REGIONS,
    DISPATCH,
    DURATIONS,
    EXCHANGE,
    FIELDS,
    GENERAL,
    INDICATORS,
    INFECTIOUS,
    JAPANESE_INSTITUTIONS,
    KIND_BLOCK,
    KIND_WORDS,
    ODA,
    RECORD_KIND,
    REGION_WEIGHTS,
    RESEARCH,
    SATREPS,
    SECTORS,
    TITLES,
    TOPICS,
    TOPICS_BY_FIELD,
    YEN_PER_YEAR,
    Topic,
)

DEFAULT_SEED = 20130601
DATA_AS_OF = dt.date(2025, 9, 30)
FIRST_YEAR, LAST_YEAR = 2008, 2025
LAST_UPDATED = dt.datetime(2025, 10, 1, 9, 0, tzinfo=dt.UTC)
JICA_PREFIX = "XM-DAC-701-8-SAMPLE-"
OTHER_PREFIX = "JP-SAMPLE-"
SAMPLE_MARK_JA, SAMPLE_MARK_EN = "【サンプル】", "[Sample] "
SAMPLE_NOTE_JA = "※デモ用に自動生成したサンプルデータです。実在の事業ではありません。"
SAMPLE_NOTE_EN = "Note: sample data generated for the demo; not a real project."


def generated_activities():
    """The activities this module made (other apps may have sample activities of their own)."""
    return Activity.objects.filter(is_sample=True).filter(
        Q(iati_identifier__startswith=JICA_PREFIX) | Q(iati_identifier__startswith=OTHER_PREFIX)
    )


@dataclass
class Partners:
    """Organisations the generated records point to."""

    facts: FactRecords
    by_country: dict[str, Organisation]
    japanese: dict[str, list[Organisation]]  # by field: universities, and specialists


def ensure_sample_organisations(facts: FactRecords) -> Partners:
    """Partner institutions (one per country) and Japanese universities, created once."""
    wanted = [(ja, en, code) for code, (_, _, _, (ja, en)) in COUNTRIES.items()]
    wanted += [(ja, en, "JP") for ja, en, _ in JAPANESE_INSTITUTIONS]
    existing = {
        o.name_en: o for o in Organisation.objects.filter(name_en__in=[w[1] for w in wanted])
    }
    countries = Country.objects.in_bulk({code for _, _, code in wanted})
    missing = [
        Organisation(
            name_ja=ja,
            name_en=en,
            kind=OrganisationKind.RESEARCH_INSTITUTE,
            iati_type="80",
            country=countries.get(code),
            is_sample=True,
            description_ja="サンプルデータの協力相手として使っている機関です。",
            description_en="Used as a partner in the sample data.",
        )
        for ja, en, code in wanted
        if en not in existing
    ]
    for organisation in Organisation.objects.bulk_create(missing):
        existing[organisation.name_en] = organisation
    by_country = {code: existing[partner[1]] for code, (*_, partner) in COUNTRIES.items()}
    japanese = {
        field: [
            existing[en] for _, en, used_for in JAPANESE_INSTITUTIONS if used_for in {"", field}
        ]
        for field in [GENERAL, *FIELDS]
    }
    return Partners(facts, by_country, japanese)


def _narratives(organisation: Organisation) -> list[dict]:
    return narratives_from(ja=organisation.name_ja, en=organisation.name_en)


def _thousands(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low, high)) * 1000


def _add_years(day: dt.date, years: int) -> dt.date:
    return day.replace(year=day.year + years)


PERCENTAGES = {1: ("100",), 2: ("60", "40"), 3: ("40", "30", "30")}


def _percentages(count: int) -> list[Decimal]:
    return [Decimal(p) for p in PERCENTAGES[count]]


class ActivityBuilder:
    """Builds one activity and its parts in memory, for bulk_create."""

    def __init__(self, rng: random.Random, partners: Partners, countries_by_region: dict):
        self.rng = rng
        self.partners = partners
        self.countries_by_region = countries_by_region
        self.parts: dict[type, list] = {}
        self.sequences: dict[tuple[int, type], int] = {}
        self.results: list[tuple[Result, list[tuple[Indicator, list[IndicatorPeriod]]]]] = []

    def pick_region(self) -> str:
        regions = list(REGION_WEIGHTS)
        return self.rng.choices(regions, weights=[REGION_WEIGHTS[r] for r in regions])[0]

    def build(self, number: int, kind: str, satreps_field: str | None) -> Activity:
        rng, facts = self.rng, self.partners.facts
        region = self.pick_region()
        topic = rng.choice(TOPICS_BY_FIELD[satreps_field] if satreps_field else TOPICS)
        scope = rng.choices(["national", "multi", "regional"], weights=[86, 9, 5])[0]
        if kind == SATREPS:
            scope = "national"
        pool = self.countries_by_region[region]
        codes = rng.sample(pool, 1 if scope == "national" else min(rng.choice([2, 3]), len(pool)))
        if scope == "regional":
            _, place_ja, place_en = DAC_REGIONS[region]
        else:
            place_ja = "・".join(COUNTRIES[c][0] for c in codes)
            names_en = [COUNTRIES[c][1] for c in codes]
            place_en = " and ".join(
                [", ".join(names_en[:-1]), names_en[-1]] if codes[1:] else names_en
            )

        title_ja, title_en = rng.choice(TITLES[kind])
        title_ja = title_ja.format(c=place_ja, t=topic.ja)
        title_en = title_en.format(C=place_en, t=topic.en)

        start_year = rng.randint(FIRST_YEAR, LAST_YEAR)
        # A start in the fiscal year: April to the next March.
        month = rng.choice([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3])
        planned_start = dt.date(start_year + (month < 4), month, 1)
        years = rng.randint(*DURATIONS[kind])
        planned_end = _add_years(planned_start, years) - dt.timedelta(days=1)
        status, actual_start, actual_end = self._status(planned_start, planned_end)

        jica_reports = kind in {ODA, SATREPS}
        reporter = facts.organisations[
            "jica" if jica_reports else ("jst" if kind == RESEARCH else "jsps")
        ]
        prefix = JICA_PREFIX if jica_reports else f"{OTHER_PREFIX}{reporter.abbreviation}-"
        office = self._office(kind, topic)
        programme = {
            SATREPS: facts.programmes["satreps"],
            EXCHANGE: facts.programmes["jsps-postdoctoral-fellowships"],
            DISPATCH: facts.programmes["researcher-dispatch"],
        }.get(kind)
        activity = Activity(
            iati_identifier=f"{prefix}{number:04d}",
            kind=RECORD_KIND[kind],
            reporting_org=reporter,
            programme=programme,
            title=narratives_from(ja=SAMPLE_MARK_JA + title_ja, en=SAMPLE_MARK_EN + title_en),
            default_lang="ja",
            default_currency="JPY",
            hierarchy=1,
            last_updated_datetime=LAST_UPDATED,
            iati_version="2.03",
            activity_status=status,
            activity_scope={"national": "4", "multi": "3", "regional": "2"}[scope],
            collaboration_type="1",
            default_flow_type="" if kind == RESEARCH else "10",
            default_finance_type="110",
            default_aid_types=[{"code": AID_TYPE[kind], "vocabulary": "1"}],
            default_tied_status="5",
            planned_start=planned_start,
            planned_end=planned_end,
            actual_start=actual_start,
            actual_end=actual_end,
            responsible_office=office,
            is_published=True,
            is_sample=True,
        )
        japanese = rng.choice(self.partners.japanese[topic.field])
        partner = self.partners.by_country[codes[0]]
        self._describe(activity, kind, topic, place_ja, place_en, japanese, partner)
        self._participants(activity, kind, reporter, japanese, partner)
        self._places(activity, scope, region, codes)
        self._sectors(activity, topic, kind)
        if satreps_field:
            field_ja, field_en = FIELDS[satreps_field]
            self._add(
                Tag,
                activity,
                code=f"satreps-{satreps_field}",
                vocabulary="99",
                narratives=narratives_from(ja=field_ja, en=field_en),
            )
        self._add(Tag, activity, code=topic.sdg, vocabulary="2")
        self._money(activity, kind, reporter, partner)
        if status in {"2", "3", "4"} and rng.random() < 0.4:
            self._results(activity, topic)
        return activity

    def _status(self, start: dt.date, end: dt.date) -> tuple[str, dt.date | None, dt.date | None]:
        roll = self.rng.random()
        if start > DATA_AS_OF:
            return "1", None, None
        if roll < 0.01:
            return "5", None, None  # cancelled before it began
        actual_start = start + dt.timedelta(days=self.rng.randint(0, 45))
        if roll < 0.025 and end > DATA_AS_OF:
            return "6", actual_start, None  # suspended
        if end > DATA_AS_OF:
            return "2", actual_start, None
        if (DATA_AS_OF - end).days < 183:
            return "3", actual_start, end
        return "4", actual_start, end

    def _office(self, kind: str, topic: Topic):
        offices = self.partners.facts.offices
        if kind in {ODA, SATREPS}:
            health = topic.field == INFECTIOUS or topic.sectors[0].startswith("11")
            return offices["jica-human-development" if health else "jica-global-environment"]
        if kind == RESEARCH:
            return offices["jst-international-affairs"]
        return offices["jsps-international-programs"]

    def _add(self, model, activity: Activity, **values):
        key = (id(activity), model)
        self.sequences[key] = sequence = self.sequences.get(key, 0) + 1
        self.parts.setdefault(model, []).append(
            model(activity=activity, sequence=sequence, **values)
        )

    def _describe(self, activity, kind, topic, place_ja, place_en, japanese, partner):
        kind_ja, kind_en = KIND_WORDS[kind]
        general_ja = (
            f"{place_ja}における{topic.ja}の{kind_ja}。協力機関：{partner.name_ja}、"
            f"{japanese.name_ja}。{SAMPLE_NOTE_JA}"
        )
        general_en = (
            f"{kind_en.capitalize()} on {topic.en} in {place_en}. Partners: {partner.name_en}; "
            f"{japanese.name_en}. {SAMPLE_NOTE_EN}"
        )
        objective_ja = f"{topic.ja}に関する現地の研究・実施能力を高め、成果を政策と社会に生かす。"
        objective_en = (
            f"Strengthen local capacity for research and practice in {topic.en} and put the "
            "results to use in policy and society."
        )
        self._add(
            ActivityDescription,
            activity,
            type="1",
            narratives=narratives_from(ja=general_ja, en=general_en),
        )
        self._add(
            ActivityDescription,
            activity,
            type="2",
            narratives=narratives_from(ja=objective_ja, en=objective_en),
        )

    def _participant(self, activity, organisation: Organisation, role: str):
        self._add(
            ParticipatingOrg,
            activity,
            organisation=organisation,
            role=role,
            ref=organisation.iati_identifier or "",
            type=organisation.iati_type,
            narratives=_narratives(organisation),
        )

    def _participants(self, activity, kind, reporter, japanese, partner):
        orgs = self.partners.facts.organisations
        if kind == ODA:
            self._participant(activity, orgs["mofa"], "2")
            self._participant(activity, orgs["jica"], "1")
            self._participant(activity, orgs["jica"], "3")
        elif kind == SATREPS:
            self._participant(activity, orgs["jica"], "1")
            self._participant(activity, orgs["jst"], "1")
            self._participant(activity, orgs["jica"], "3")
        elif kind == DISPATCH:
            self._participant(activity, orgs["mext"], "2")
            self._participant(activity, orgs["jsps"], "1")
        else:
            self._participant(activity, orgs["mext"], "2")
            self._participant(activity, reporter, "1")
        self._participant(activity, japanese, "4")
        self._participant(activity, partner, "4")

    def _places(self, activity, scope, region, codes):
        if scope == "regional":
            code, name_ja, name_en = DAC_REGIONS[region]
            self._add(
                RecipientRegion,
                activity,
                code=code,
                vocabulary="1",
                percentage=Decimal("100"),
                narratives=narratives_from(ja=name_ja, en=name_en),
            )
            return
        for code, percentage in zip(codes, _percentages(len(codes)), strict=True):
            self._add(RecipientCountry, activity, country_code=code, percentage=percentage)

    def _sectors(self, activity, topic: Topic, kind: str):
        codes = list(topic.sectors[:1])
        if len(topic.sectors) > 1 and self.rng.random() < 0.5:
            codes.append(topic.sectors[1])
        if kind == EXCHANGE and "11420" not in codes:
            codes = codes[:1] + ["11420"]
        for code, percentage in zip(codes, _percentages(len(codes)), strict=True):
            name_ja, name_en = SECTORS[code]
            self._add(
                ActivitySector,
                activity,
                code=code,
                vocabulary="1",
                percentage=percentage,
                narratives=narratives_from(ja=name_ja, en=name_en),
            )

    def _money(self, activity, kind, reporter, partner):
        rng = self.rng
        per_year = _thousands(rng, *YEN_PER_YEAR[kind])
        start, end = activity.planned_start, activity.planned_end
        periods = []
        for fiscal_year in range(fiscal_year_of(start), fiscal_year_of(end) + 1):
            first, last = fiscal_year_range(fiscal_year)
            first, last = max(first, start), min(last, end)
            months = (last.year - first.year) * 12 + last.month - first.month + 1
            value = (per_year * months / 12 / 1000).quantize(Decimal("1")) * 1000
            periods.append((first, last, value))
        for first, last, value in periods:
            self._add(
                Budget,
                activity,
                type="1",
                status="2" if first <= DATA_AS_OF else "1",
                period_start=first,
                period_end=last,
                value=value,
                currency="JPY",
                value_date=first,
            )
        if activity.activity_status in {"1", "5"}:
            return
        provider = {
            "provider_ref": reporter.iati_identifier or "",
            "provider_type": reporter.iati_type,
            "provider_narratives": _narratives(reporter),
        }
        receiver = {"receiver_type": partner.iati_type, "receiver_narratives": _narratives(partner)}
        committed = activity.actual_start
        self._add(
            Transaction,
            activity,
            type="2",
            date=committed,
            value_date=committed,
            value=sum(value for _, _, value in periods),
            currency="JPY",
            description=narratives_from(
                ja="事業全体の供与約束", en="Commitment for the whole activity"
            ),
            **provider,
            **receiver,
        )
        for first, last, value in periods:
            paid_on = first + dt.timedelta(days=rng.randint(30, 200))
            paid_on = min(paid_on, last)
            suspended = activity.activity_status == "6"
            if paid_on > DATA_AS_OF or (suspended and last > DATA_AS_OF - dt.timedelta(365)):
                break
            paid = (value * Decimal(rng.randint(82, 100)) / 100 / 1000).quantize(Decimal("1"))
            self._add(
                Transaction,
                activity,
                type="3",
                date=paid_on,
                value_date=paid_on,
                value=paid * 1000,
                currency="JPY",
                **provider,
                **receiver,
            )

    def _results(self, activity, topic: Topic):
        rng = self.rng
        choices = INDICATORS[topic.field or GENERAL] + INDICATORS[GENERAL]
        picked = rng.sample(choices, rng.choice([1, 2]))
        outcome = rng.random() < 0.4
        result = Result(
            activity=activity,
            sequence=1,
            type="2" if outcome else "1",
            aggregation_status=False,
            title=narratives_from(
                ja="成果の社会実装" if outcome else "研究成果の創出と人材育成",
                en="Results put into practice"
                if outcome
                else "Research results and people trained",
            ),
            description=narratives_from(
                ja="サンプルデータの成果指標です。", en="Indicators of the sample data."
            ),
        )
        indicators = []
        start_fy = fiscal_year_of(activity.planned_start)
        end_fy = fiscal_year_of(activity.planned_end)
        for sequence, (name_ja, name_en, unit_ja, unit_en) in enumerate(picked, start=1):
            indicator = Indicator(
                sequence=sequence,
                measure="1",
                ascending=True,
                title=narratives_from(ja=f"{name_ja}（{unit_ja}）", en=f"{name_en} ({unit_en})"),
                baselines=[
                    {
                        "year": str(start_fy),
                        "iso_date": str(fiscal_year_range(start_fy)[0]),
                        "value": "0",
                        "comment": [],
                    }
                ],
            )
            periods, target, actual = [], 0, 0
            step = rng.randint(2, 12)
            for n, fiscal_year in enumerate(range(start_fy, end_fy + 1), start=1):
                first, last = fiscal_year_range(fiscal_year)
                target += step
                period = IndicatorPeriod(
                    sequence=n,
                    period_start=first,
                    period_end=last,
                    targets=[{"value": str(target)}],
                )
                if last <= DATA_AS_OF:
                    actual += max(0, step + rng.randint(-2, 3))
                    period.actuals = [{"value": str(actual)}]
                periods.append(period)
            indicators.append((indicator, periods))
        self.results.append((result, indicators))


def generate_activities(facts: FactRecords, count: int, seed: int = DEFAULT_SEED) -> int:
    """Create `count` sample activities with their parts; returns how many were created."""
    if count <= 0:
        return 0
    rng = random.Random(seed)
    partners = ensure_sample_organisations(facts)
    countries_by_region: dict[str, list[str]] = {}
    for code, (_, _, region, _) in COUNTRIES.items():
        countries_by_region.setdefault(region, []).append(code)
    builder = ActivityBuilder(rng, partners, countries_by_region)

    kinds: list[str] = []
    while len(kinds) < count:
        block = list(KIND_BLOCK)
        rng.shuffle(block)
        kinds.extend(block)
    fields = list(FIELDS)
    activities, satreps_seen = [], 0
    for number, kind in enumerate(kinds[:count], start=1):
        field = None
        if kind == SATREPS:
            field = fields[satreps_seen % len(fields)]
            satreps_seen += 1
        activities.append(builder.build(number, kind, field))

    # Sample activities a real record still depends on survive a reset: skip their numbers.
    taken = set(
        Activity.objects.filter(
            iati_identifier__in=[a.iati_identifier for a in activities]
        ).values_list("iati_identifier", flat=True)
    )
    if taken:
        activities = [a for a in activities if a.iati_identifier not in taken]
        for model, rows in builder.parts.items():
            builder.parts[model] = [r for r in rows if r.activity.iati_identifier not in taken]
        builder.results = [
            pair for pair in builder.results if pair[0].activity.iati_identifier not in taken
        ]
    Activity.objects.bulk_create(activities, batch_size=500)
    for model, rows in builder.parts.items():
        for row in rows:
            row.activity_id = row.activity.pk
        model.objects.bulk_create(rows, batch_size=500)
    results = [result for result, _ in builder.results]
    for result in results:
        result.activity_id = result.activity.pk
    Result.objects.bulk_create(results, batch_size=500)
    indicators = []
    for result, pairs in builder.results:
        for indicator, _ in pairs:
            indicator.result = result
            indicators.append(indicator)
    Indicator.objects.bulk_create(indicators, batch_size=500)
    periods = []
    for _, pairs in builder.results:
        for indicator, indicator_periods in pairs:
            for period in indicator_periods:
                period.indicator = indicator
                periods.append(period)
    IndicatorPeriod.objects.bulk_create(periods, batch_size=500)
    return len(activities)


# Invented people: common names, no real person meant.
JAPANESE_PEOPLE = [
    ("佐藤", "美咲", "Sato", "Misaki"),
    ("鈴木", "健太", "Suzuki", "Kenta"),
    ("高橋", "陽子", "Takahashi", "Yoko"),
    ("田中", "大輔", "Tanaka", "Daisuke"),
    ("伊藤", "真理", "Ito", "Mari"),
    ("渡辺", "翔", "Watanabe", "Sho"),
    ("山本", "彩", "Yamamoto", "Aya"),
    ("中村", "浩二", "Nakamura", "Koji"),
    ("小林", "恵", "Kobayashi", "Megumi"),
    ("加藤", "誠", "Kato", "Makoto"),
    ("吉田", "優子", "Yoshida", "Yuko"),
    ("山田", "拓也", "Yamada", "Takuya"),
]
FOREIGN_PEOPLE = [
    ("ワンジク", "グレース", "Wanjiku", "Grace", "KE"),
    ("サントソ", "ブディ", "Santoso", "Budi", "ID"),
    ("グエン", "ティ・ラン", "Nguyen", "Thi Lan", "VN"),
    ("スリスック", "ソムチャイ", "Srisuk", "Somchai", "TH"),
    ("サントス", "マリア", "Santos", "Maria", "PH"),
    ("メンサー", "クワメ", "Mensah", "Kwame", "GH"),
    ("バンダ", "ムウィラ", "Banda", "Mwila", "ZM"),
    ("ウディン", "ラヒム", "Uddin", "Rahim", "BD"),
    ("ドルジ", "バトバヤル", "Dorj", "Batbayar", "MN"),
    ("シルヴァ", "アナ", "Silva", "Ana", "BR"),
    ("メンドーサ", "カルロス", "Mendoza", "Carlos", "PE"),
    ("ハッサン", "アフメド", "Hassan", "Ahmed", "EG"),
]


def generate_people(facts: FactRecords, seed: int = DEFAULT_SEED) -> int:
    """Sample researchers with one exchange each: Japanese sent abroad, foreigners invited."""
    rng = random.Random(seed + 1)
    partners = ensure_sample_organisations(facts)
    countries = Country.objects.in_bulk(["JP", *COUNTRIES])
    people, exchanges = [], []
    for family_ja, given_ja, family_en, given_en in JAPANESE_PEOPLE:
        topic = rng.choice(TOPICS)
        home = rng.choice(partners.japanese[topic.field])
        host_code = rng.choice(list(COUNTRIES))
        person = Person(
            family_name_ja=family_ja,
            given_name_ja=given_ja,
            family_name_en=family_en,
            given_name_en=given_en,
            affiliation=home,
            nationality=countries["JP"],
            field_ja=topic.ja,
            field_en=topic.en,
            is_sample=True,
            responsible_office=facts.offices["jsps-international-programs"],
        )
        people.append(person)
        programme = rng.choice(["jsps-overseas-fellowships", "researcher-dispatch"])
        exchanges.append(
            _exchange(
                rng,
                person,
                ExchangeKind.DISPATCH,
                facts,
                programme,
                home,
                partners.by_country[host_code],
                countries[host_code],
                topic,
            )
        )
    for family_ja, given_ja, family_en, given_en, code in FOREIGN_PEOPLE:
        topic = rng.choice(TOPICS)
        home = partners.by_country[code]
        person = Person(
            family_name_ja=family_ja,
            given_name_ja=given_ja,
            family_name_en=family_en,
            given_name_en=given_en,
            affiliation=home,
            nationality=countries.get(code),
            field_ja=topic.ja,
            field_en=topic.en,
            is_sample=True,
            responsible_office=facts.offices["jsps-international-programs"],
        )
        people.append(person)
        exchanges.append(
            _exchange(
                rng,
                person,
                ExchangeKind.INVITATION,
                facts,
                "jsps-postdoctoral-fellowships",
                home,
                rng.choice(partners.japanese[topic.field]),
                countries["JP"],
                topic,
            )
        )
    Person.objects.bulk_create(people)
    for exchange in exchanges:
        exchange.person_id = exchange.person.pk
    Exchange.objects.bulk_create(exchanges)
    return len(people)


def _exchange(rng, person, kind, facts, programme, home, host, host_country, topic) -> Exchange:
    start = dt.date(rng.randint(2010, 2024), rng.choice([4, 6, 9, 10]), 1)
    months = rng.choice([6, 12, 24])
    end = dt.date(
        start.year + (start.month - 1 + months) // 12, (start.month - 1 + months) % 12 + 1, 1
    ) - dt.timedelta(days=1)
    verb_ja = "派遣" if kind == ExchangeKind.DISPATCH else "招へい"
    verb_en = "Sent abroad" if kind == ExchangeKind.DISPATCH else "Invited to Japan"
    return Exchange(
        person=person,
        kind=kind,
        programme=facts.programmes[programme],
        home_organisation=home,
        host_organisation=host,
        host_country=host_country,
        start_date=start,
        end_date=end,
        purpose_ja=f"{topic.ja}に関する共同研究のため{verb_ja}。{SAMPLE_NOTE_JA}",
        purpose_en=f"{verb_en} for joint research on {topic.en}. Note: sample data generated "
        "for the demo; not a real person.",
        responsible_office=facts.offices["jsps-international-programs"],
        is_sample=True,
    )
