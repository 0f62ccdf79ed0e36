"""An evaluation sheet as a PDF laid out like the MOFA form, in Japanese.

ReportLab with an embedded TrueType Japanese font: IPAexGothic / IPAexMincho from Debian's
fonts-ipaexfont-gothic / fonts-ipaexfont-mincho (ReportLab embeds TrueType subsets with a
ToUnicode map, so the text can be searched and extracted; it cannot embed CFF OpenType fonts
such as Noto CJK). `settings.EVALUATION_PDF_FONTS` may name other TTF files. Without any,
ReportLab's built-in (not embedded) HeiseiKakuGo-W5 CID font is used and a warning logged.
"""

from __future__ import annotations

import logging
from functools import cache
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import translation
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from kakehashi.core.services.money import format_money_ja
from kakehashi.evaluation.models import EvaluationSheet

logger = logging.getLogger(__name__)

FONT_CANDIDATES = {
    "gothic": [
        "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
        "/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf",
        "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    ],
    "mincho": [
        "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
        "/usr/share/fonts/truetype/ipaexfont-mincho/ipaexm.ttf",
        "/usr/share/fonts/truetype/fonts-japanese-mincho.ttf",
    ],
}
FALLBACK_CID_FONT = "HeiseiKakuGo-W5"
GRID = colors.HexColor("#444444")
LABEL_BG = colors.HexColor("#e8ecf2")


def _font_file(kind: str) -> Path | None:
    configured = getattr(settings, "EVALUATION_PDF_FONTS", {}) or {}
    for candidate in [configured.get(kind), *FONT_CANDIDATES[kind]]:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


@cache
def fonts() -> dict[str, str]:
    """Register the Japanese fonts once; {"gothic": name, "mincho": name}."""
    names = {}
    for kind, name in (("gothic", "IPAexGothic"), ("mincho", "IPAexMincho")):
        path = _font_file(kind)
        if path is not None:
            pdfmetrics.registerFont(TTFont(name, str(path)))
            names[kind] = name
    if not names:
        logger.warning(
            "No Japanese TrueType font found: the PDF uses a non-embedded CID font. "
            "Install fonts-ipaexfont-gothic and fonts-ipaexfont-mincho."
        )
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID_FONT))
        names["gothic"] = FALLBACK_CID_FONT
    names.setdefault("gothic", names.get("mincho"))
    names.setdefault("mincho", names["gothic"])
    return names


def fonts_embedded() -> bool:
    return fonts()["gothic"] != FALLBACK_CID_FONT


@cache
def _styles() -> dict[str, ParagraphStyle]:
    f = fonts()
    base = dict(fontName=f["mincho"], fontSize=8.5, leading=12, wordWrap="CJK")
    return {
        "title": ParagraphStyle(
            "title", fontName=f["gothic"], fontSize=14, leading=20, alignment=TA_CENTER
        ),
        "label": ParagraphStyle("label", **{**base, "fontName": f["gothic"]}),
        "text": ParagraphStyle("text", **base),
        "grade": ParagraphStyle(
            "grade", fontName=f["gothic"], fontSize=16, leading=20, alignment=TA_CENTER
        ),
        "small": ParagraphStyle("small", **{**base, "fontSize": 7.5, "leading": 10}),
    }


def _p(text: str, style: str = "text") -> Paragraph:
    return Paragraph(escape(text or "").replace("\n", "<br/>"), _styles()[style])


def _paragraphs(text: str, style: str = "text") -> list[Paragraph]:
    """Each paragraph its own flowable, so long narratives can run onto the next page."""
    parts = [part.strip() for part in (text or "").split("\n") if part.strip()]
    return [_p(part, style) for part in parts] or [_p("")]


def _grid(rows, widths, extra=()) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=0)
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, GRID),
                ("INNERGRID", (0, 0), (-1, -1), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                *extra,
            ]
        )
    )
    return table


def _labels(sheet: EvaluationSheet) -> dict[str, str]:
    if sheet.contribution_id:
        return {
            "name": "分担金・拠出金の名称",
            "kind": "拠出金等の種別",
            "org": "拠出先の国際機関等の名称",
            "overview": "国際機関等の概要及び成果目標",
        }
    return {
        "name": "事業名",
        "kind": "評価の種類",
        "org": "実施機関",
        "overview": "事業の概要及び成果目標",
    }


def _header(sheet: EvaluationSheet, width: float) -> Table:
    labels = _labels(sheet)
    kind = (
        sheet.contribution.get_kind_display()
        if sheet.contribution_id
        else sheet.template.get_stage_display()
    )
    if sheet.contribution_id:
        kind = {"voluntary": "任意拠出金", "assessed": "分担金"}.get(sheet.contribution.kind, kind)
    organisation = sheet.organisation
    org_name = (
        f"{organisation.name_ja or organisation.name_en}"
        f"{f'（{organisation.abbreviation}）' if organisation.abbreviation else ''}"
        if organisation
        else ""
    )
    budget = format_money_ja(sheet.budget, "thousand") if sheet.budget else "—"
    w = width
    rows = [
        [
            _p(labels["name"], "label"),
            _p(sheet.subject_title("ja")),
            _p(labels["kind"], "label"),
            _p(kind),
            _p("総合評価", "label"),
        ],
        [
            _p(labels["org"], "label"),
            _p(org_name),
            _p(f"{sheet.fiscal_year_label_ja}\n予算額（当初予算）", "label"),
            _p(budget),
            "",
        ],
    ]
    grade = _p(sheet.overall_grade or "—", "grade")
    rows[0].append(grade)
    rows[1].append("")
    return _grid(
        rows,
        [w * 0.17, w * 0.33, w * 0.15, w * 0.15, w * 0.1, w * 0.1],
        [
            ("SPAN", (4, 0), (4, 1)),
            ("SPAN", (5, 0), (5, 1)),
            ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
            ("BACKGROUND", (2, 0), (2, -1), LABEL_BG),
            ("BACKGROUND", (4, 0), (4, -1), LABEL_BG),
            ("VALIGN", (4, 0), (5, -1), "MIDDLE"),
        ],
    )


def _overview(sheet: EvaluationSheet, width: float) -> Table:
    labels = _labels(sheet)
    rows = [[_p(labels["overview"], "label"), _p("（１）目的・経緯", "label")]]
    rows += [["", para] for para in _paragraphs(sheet.purpose_ja or sheet.purpose_en)]
    rows.append(["", _p("（２）成果目標", "label")])
    rows += [["", para] for para in _paragraphs(sheet.outcome_target_ja or sheet.outcome_target_en)]
    rows.append(["", _p("成果指標：" + (sheet.indicator_ja or sheet.indicator_en or "—"))])
    values = list(sheet.indicator_values.all())
    if values:
        text = "　".join(
            f"{v.fiscal_year}年度 目標 {v.target or '—'} ／ 実績 {v.actual or '—'}"
            + (f"（{v.note}）" if v.note else "")
            for v in values
        )
        rows.append(["", _p("指標の値：" + text, "small")])
    return _grid(
        rows,
        [width * 0.17, width * 0.83],
        [
            ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
            ("LINEBELOW", (0, 0), (0, -2), 0, LABEL_BG),
            ("INNERGRID", (1, 0), (1, -1), 0, colors.white),
            ("LINEBEFORE", (1, 0), (1, -1), 0.4, GRID),
        ],
    )


def _criteria(sheet: EvaluationSheet, width: float) -> Table:
    rows = [[_p("評価基準", "label"), _p("評価", "label"), _p("実績・成果等", "label")]]
    starts = []
    for number, assessment in enumerate(sheet.assessments.all(), start=1):
        criterion = assessment.criterion
        name = f"{number}　{criterion.name_ja or criterion.name_en}"
        if not criterion.mandatory:
            name += "（任意）"
        narrative = assessment.narrative_ja or assessment.narrative_en
        paragraphs = _paragraphs(narrative)
        if assessment.improvement_ja or assessment.improvement_en:
            paragraphs.append(
                _p("【改善すべき点】" + (assessment.improvement_ja or assessment.improvement_en))
            )
        starts.append(len(rows))
        rows.append([_p(name, "label"), _p(assessment.grade or "—", "grade"), paragraphs[0]])
        rows += [["", "", para] for para in paragraphs[1:]]
    extra = [
        ("BACKGROUND", (0, 0), (-1, 0), LABEL_BG),
        ("BACKGROUND", (0, 1), (0, -1), LABEL_BG),
        ("INNERGRID", (0, 1), (-1, -1), 0, colors.white),
        ("LINEBEFORE", (1, 0), (-1, -1), 0.4, GRID),
    ]
    extra += [("LINEABOVE", (0, start), (-1, start), 0.4, GRID) for start in starts]
    return _grid(rows, [width * 0.22, width * 0.08, width * 0.70], extra)


def _overall_and_pdca(sheet: EvaluationSheet, width: float) -> Table:
    justification = sheet.overall_justification_ja or sheet.overall_justification_en
    method = (
        "評価基準の評価から規則により算出" if sheet.template.is_computed else "評価者による判断"
    )
    rows = [
        [
            _p("総合評価の理由", "label"),
            _p(f"総合評価 {sheet.overall_grade or '—'}（{method}）\n{justification}".strip()),
        ]
    ]
    for key, label in (("plan", "PLAN"), ("do", "DO"), ("check", "CHECK"), ("act", "ACT")):
        text = getattr(sheet, f"{key}_ja") or getattr(sheet, f"{key}_en")
        rows.append([_p(label, "label"), _p(text or "—")])
    evaluator = sheet.evaluator_name or (
        sheet.evaluator.get_full_name() or sheet.evaluator.get_username() if sheet.evaluator else ""
    )
    office = sheet.responsible_office
    rows.append(
        [
            _p("担当課室名", "label"),
            _p(
                f"{office.name_ja if office else '—'}"
                + (f"　　評価者：{evaluator}" if evaluator else "")
            ),
        ]
    )
    return _grid(rows, [width * 0.17, width * 0.83], [("BACKGROUND", (0, 0), (0, -1), LABEL_BG)])


def sheet_pdf(sheet: EvaluationSheet) -> bytes:
    """The sheet as PDF bytes (A4 portrait), always in Japanese like the original form."""
    with translation.override("ja"):
        return _build(sheet)


def _build(sheet: EvaluationSheet) -> bytes:
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"{sheet.subject_title('ja')} {sheet.fiscal_year_label_ja}",
        author=sheet.responsible_office.name_ja if sheet.responsible_office else "",
        subject=sheet.template.name_ja,
    )
    width = document.width
    status = "" if sheet.is_published else f"（{sheet.get_status_display()}）"
    story = [
        _p(f"{sheet.fiscal_year_label_ja} {sheet.template.name_ja}{status}", "title"),
        Spacer(1, 4 * mm),
        _header(sheet, width),
        Spacer(1, 2 * mm),
        _overview(sheet, width),
        Spacer(1, 2 * mm),
        _criteria(sheet, width),
        Spacer(1, 2 * mm),
        _overall_and_pdca(sheet, width),
    ]
    document.build(story)
    return buffer.getvalue()
