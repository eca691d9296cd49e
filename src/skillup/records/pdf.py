"""The record as a printable PDF, made on the server with reportlab; Chinese text in the CID font
STSong-Light (Adobe's Asian font pack names it, the viewer supplies the glyphs: no font file shipped)."""

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from skillup.core.clock import today
from skillup.records.selectors import Record

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

_TITLE = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, spaceAfter=6)
_H = ParagraphStyle("h", fontName=FONT, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4)
_P = ParagraphStyle("p", fontName=FONT, fontSize=9, leading=13)
_CELL = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=11)


def _table(headers, rows, widths):
    data = [[Paragraph(h, _CELL) for h in headers]]
    data += [[Paragraph(str(c if c not in (None, "") else "—"), _CELL) for c in row] for row in rows]
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9eef5")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def record_pdf(record: Record, *, show_subsidies: bool = True) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=14 * mm, bottomMargin=14 * mm,
        title=f"终身职业技能培训档案 {record.person.name}", author="SkillUp",
    )  # fmt: skip
    p = record.person
    story = [
        Paragraph("终身职业技能培训档案", _TITLE),
        Paragraph(
            f"姓名：{p.name}　身份证号：{p.id_masked}　累计培训课时：{record.total_hours}"
            f"　最高技能等级：{record.level_reached or '—'}",
            _P,
        ),
        Paragraph(
            f"打印日期：{today().isoformat()}"
            + ("　（仅含本机构培训部分）" if record.scope == "institution" else ""),
            _P,
        ),
        Spacer(1, 4 * mm),
        Paragraph("一、培训经历", _H),
    ]
    if record.classes:
        story.append(
            _table(
                ["培训机构", "职业（工种）", "等级", "培训日期", "课时（实到/计划）", "考核", "证书编号"],
                [
                    [
                        c.institution, c.occupation, c.level, f"{c.start_date}至{c.end_date}",
                        f"{c.attended_hours}/{c.planned_hours}", c.result,
                        c.certificate.number if c.certificate else "",
                    ]
                    for c in record.classes
                ],
                [36, 26, 14, 38, 22, 14, 32],
            )
        )  # fmt: skip
    else:
        story.append(Paragraph("暂无本平台培训记录。", _P))
    story.append(Paragraph("二、职业资格与技能等级证书", _H))
    if record.certificates:
        story.append(
            _table(
                ["证书类别", "职业（工种）", "等级", "证书编号", "发证机构", "发证日期"],
                [
                    [c.get_family_display(), c.occupation, c.level, c.number, c.issuer_name, c.issued_on]
                    for c in record.certificates
                ],
                [26, 28, 14, 38, 52, 24],
            )
        )
    else:
        story.append(Paragraph("暂无证书。", _P))
    if show_subsidies and record.claims:
        story.append(Paragraph("三、培训补贴", _H))
        story.append(
            _table(
                ["年度", "补贴项目", "职业（工种）", "等级", "金额（元）", "状态", "支付日期"],
                [
                    [
                        c.year,
                        c.scheme_name,
                        c.occupation,
                        c.level,
                        c.amount,
                        c.get_status_display(),
                        c.paid_on or "",
                    ]
                    for c in record.claims
                ],
                [14, 36, 28, 14, 24, 34, 32],
            )
        )
    if record.history:
        story.append(Paragraph("四、历史培训记录（由原系统导入）", _H))
        story.append(
            _table(
                ["年度", "培训机构", "职业（工种）", "等级", "课时", "证书编号", "来源系统"],
                [
                    [
                        h.year,
                        h.institution_name,
                        h.occupation,
                        h.level,
                        h.hours,
                        h.certificate_no,
                        h.source_system,
                    ]
                    for h in record.history
                ],
                [14, 40, 26, 14, 14, 36, 38],
            )
        )
    doc.build(story)
    return out.getvalue()
