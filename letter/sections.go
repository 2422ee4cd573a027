package letter

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// write draws the letter's sections in the order a family reads them.
func (d *doc) write(l Letter) {
	d.masthead(l)
	d.opening(l)
	d.heading("一、评估结果")
	d.assessment(l)
	if l.Qualifies {
		d.heading("二、有效期与待遇")
		d.benefits(l)
	} else {
		d.heading("二、待遇")
		d.paragraph(bodyStyle, "　　本次评估结论未达到"+l.Region+"长期护理保险待遇享受等级，不享受长期护理保险待遇。", 0)
	}
	d.heading("三、异议与复核")
	d.objection(l.Objection)
	d.signature(l)
}

// masthead is the region in red over a red double rule, then the title.
func (d *doc) masthead(l Letter) {
	d.line(mastStyle, l.Region+"长期护理保险", "C")
	d.space(1.5)
	y := d.pdf.GetY()
	d.pdf.SetDrawColor(mastStyle.r, mastStyle.g, mastStyle.b)
	d.pdf.SetLineWidth(0.8)
	d.pdf.Line(marginX, y, marginX+contentWidth, y)
	d.pdf.SetLineWidth(0.25)
	d.pdf.Line(marginX, y+1.2, marginX+contentWidth, y+1.2)
	d.space(4)
	d.line(titleStyle, Title, "C")
	d.line(noteStyle, fmt.Sprintf("案件编号：%s　　政策版本：%s　　评估标准：%s（%s版）", l.CaseID, l.PolicyVersion, l.Instrument.ID, l.Instrument.Version), "C")
	d.space(2)
}

// opening addresses the person, as an official notice does, and says what the
// conclusion rests on.
func (d *doc) opening(l Letter) {
	d.line(strongStyle, l.Person.Name+"（公民身份号码："+l.Person.MaskedID+"）：", "L")
	d.paragraph(bodyStyle, fmt.Sprintf("　　根据%s长期护理保险政策和《%s》，经现场评估和评估专家确认，现将您的失能等级评估结论告知如下：",
		l.Region, l.Instrument.Name), 0)
}

// heading starts a section, kept on one page with the line after it.
func (d *doc) heading(text string) {
	d.space(2.5)
	d.room(headingStyle.lineHeight() + 2*bodyStyle.lineHeight())
	d.line(headingStyle, text, "L")
	d.space(0.5)
}

func (d *doc) assessment(l Letter) {
	d.scores(l.Scores)
	d.space(1.5)
	verdict := "不符合长期护理保险待遇享受条件"
	if l.Qualifies {
		verdict = "符合长期护理保险待遇享受条件"
	}
	d.field("评估结论", fmt.Sprintf("%s（失能等级%d级），%s", l.Grade.Name, l.Grade.Number, verdict), strongStyle)
	d.numbered("评定理由", l.Reasons)
}

// scores is a table with a column per dimension: its score and its level.
func (d *doc) scores(scores []Score) {
	if len(scores) == 0 {
		return
	}
	const first = 34.0
	cols := []column{{"评估维度", first, "L"}}
	points, levels := []cell{{text: "得分（满分）"}}, []cell{{text: "评定等级"}}
	for _, s := range scores {
		cols = append(cols, column{s.Dimension, (contentWidth - first) / float64(len(scores)), "C"})
		points = append(points, cell{text: fmt.Sprintf("%d（%d）", s.Score, s.Max)})
		levels = append(levels, cell{text: s.Level})
	}
	d.table(cols, [][]cell{points, levels})
}

// numbered writes a label and its items one to a line, numbered when there
// are several: 1．…
func (d *doc) numbered(label string, items []string) {
	lead := label + "："
	d.use(labelStyle)
	indent := d.pdf.GetStringWidth(lead)
	for i, it := range items {
		if len(items) > 1 {
			it = fmt.Sprintf("%d．%s", i+1, it)
		}
		if i == 0 {
			d.block(marginX, contentWidth, lead, labelStyle, it, bodyStyle)
			continue
		}
		d.block(marginX+indent, contentWidth-indent, "", bodyStyle, it, bodyStyle)
	}
}

func (d *doc) benefits(l Letter) {
	d.fields("有效期", chineseDate(l.Validity.From)+"至"+chineseDate(l.Validity.Until)+label(l.Validity.LocalDefault),
		"待遇享受起始日", chineseDate(l.BenefitsFrom)+label(l.BenefitsFromLocalDefault))
	notes := clauses{}
	if len(l.Benefits) > 0 {
		d.space(1)
		d.table(benefitColumns, benefitRows(l.Benefits, &notes))
		d.space(1.5)
	}
	if c := l.AnnualCap; c != nil {
		d.field("年度限额", annualCap(*c)+notes.refs(c.Clauses), bodyStyle)
	}
	d.numbered("待遇支付", payments(l.Payment, &notes))
	if labelled(l) {
		d.paragraph(noteStyle, "注：标明"+localDefault+"的期限、日期和规则，当地长期护理保险政策文件未作具体规定，按本地区默认设置执行。", 0)
	}
	if len(notes) > 0 {
		d.space(1)
		d.line(noteStyle, "政策依据：", "L")
		for i, n := range notes {
			d.block(marginX, contentWidth, fmt.Sprintf("[%d] ", i+1), noteStyle, n, noteStyle)
		}
	}
}

var benefitColumns = []column{{"护理服务形式", 70, "L"}, {"支付标准", 26, "C"}, {"基金支付比例", 25, "C"}, {"基金支付", 27, "C"}, {"依据", 18, "C"}}

func benefitRows(lines []BenefitLine, notes *clauses) [][]cell {
	rows := make([][]cell, len(lines))
	for i, b := range lines {
		rows[i] = []cell{{text: b.CareForm, note: b.Condition}, {text: standard(b)},
			{text: fmt.Sprintf("%d%%", b.FundPercent)}, {text: fundPays(b)}, {text: notes.refs(b.Clauses)}}
	}
	return rows
}

// localDefault labels a date or rule that comes from the region's default
// setting, not its policy text, so that nobody is held to it unawares.
const localDefault = "（本地区默认设置）"

func label(local bool) string {
	if local {
		return localDefault
	}
	return ""
}

// labelled: something in the benefits section carries the label, which a
// note then explains.
func labelled(l Letter) bool {
	return l.Validity.LocalDefault || l.BenefitsFromLocalDefault || slices.ContainsFunc(l.Payment, func(p Payment) bool { return p.LocalDefault })
}

// payments are the sentences of what makes payment wait or suspends it,
// each with its references and, for a local rule, the label.
func payments(ps []Payment, notes *clauses) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Text + label(p.LocalDefault) + notes.refs(p.Clauses)
	}
	return out
}

func annualCap(c AnnualCap) string {
	if c.Note != "" {
		return c.Note
	}
	s := "基金年度支付限额" + yuan(c.AnnualFen)
	if c.HomeFen > 0 {
		s += "，其中居家和社区护理" + yuan(c.HomeFen)
	}
	return s
}

// clauses are the policy texts cited by the statement, numbered in order of first citation.
type clauses []string

// refs numbers the texts, adding the new ones: [1][2].
func (c *clauses) refs(texts []string) string {
	var b strings.Builder
	for _, t := range texts {
		n := slices.Index(*c, t)
		if n < 0 {
			*c = append(*c, t)
			n = len(*c) - 1
		}
		fmt.Fprintf(&b, "[%d]", n+1)
	}
	return b.String()
}

func (d *doc) objection(o Objection) {
	d.paragraph(bodyStyle, "　　如对本评估结论有异议，请于"+chineseDate(o.Deadline)+"前（含当日）"+o.How, 0)
	if o.LocalDefault {
		d.paragraph(noteStyle, "注：上述期限为本地区默认设置，当地长期护理保险政策文件未作具体规定。", 0)
	}
}

// signature closes the letter at the right: the region's scheme and the decision date.
func (d *doc) signature(l Letter) {
	d.space(4)
	d.room(2 * bodyStyle.lineHeight())
	d.line(bodyStyle, l.Region+"长期护理保险", "R")
	d.line(bodyStyle, chineseDate(l.DecidedOn), "R")
}

// continuation heads the pages after the first, so that a loose page is still known.
func (d *doc) continuation(l Letter) {
	if d.pdf.PageNo() == 1 {
		return
	}
	d.line(noteStyle, Title+"（续）　　案件编号："+l.CaseID, "L")
	y := d.pdf.GetY() + 1
	d.pdf.SetDrawColor(tableRuleGray, tableRuleGray, tableRuleGray)
	d.pdf.SetLineWidth(tableRuleWidth)
	d.pdf.Line(marginX, y, marginX+contentWidth, y)
	d.pdf.SetY(y + 4)
}

// footer carries the verification code on every page, with the page number.
func (d *doc) footer(v Verification) {
	_, pageHeight := d.pdf.GetPageSize()
	y := pageHeight - marginBottom + 3
	d.pdf.SetDrawColor(tableRuleGray, tableRuleGray, tableRuleGray)
	d.pdf.SetLineWidth(tableRuleWidth)
	d.pdf.Line(marginX, y, marginX+contentWidth, y)
	d.pdf.SetY(y + 1.5)
	d.line(noteStyle, "核验码："+v.Code+"　　核验网址："+v.URL, "L")
	d.line(noteStyle, "任何单位和个人均可凭核验码在上述网址查验本结论书的真实性。", "L")
	d.use(noteStyle)
	// The page count is filled in at the end: place the text as if it had one digit.
	pages := "第" + strconv.Itoa(d.pdf.PageNo()) + "页 共" + pageCountAlias + "页"
	width := d.pdf.GetStringWidth(strings.Replace(pages, pageCountAlias, "1", 1))
	d.pdf.SetXY(marginX+contentWidth-width, y+1.5)
	d.pdf.CellFormat(width, noteStyle.lineHeight(), pages, "", 0, "L", false, 0, "")
}
