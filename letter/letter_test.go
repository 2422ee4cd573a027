package letter

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// residentID is the test person's full number: it must never reach the PDF.
const residentID = "320303194805170022"

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, ltc.China) }

// Xuzhou's clauses, as policy/regions/xuzhou.json cites them.
const (
	clauseBedDay   = "入住协议服务机构的，按照床日付费：重度失能生活照料床日费60元、基金支付70%，医疗服务床日费50元、基金支付80%；中度失能生活照料45元、70%，医疗服务25元、80%"
	clauseHome     = "居家：重度失能上门照护服务包月度限额900元、中度600元，全部由基金支付"
	clauseFamily   = "亲情照护补贴：重度每人每天20元、中度10元；机构上门照护月度标准300元，个人无自付"
	clauseAbroad   = "驻外人员：重度每人每天30元、中度每人每天20元发放亲情照护现金补贴"
	clauseBonus    = "中小学校在籍学生、学龄前儿童、在校大学生、医疗救助对象和重度残疾人员基金支付比例提高5个百分点"
	clauseTraining = "由未通过培训的人员提供照护服务的，按照80%的比例支付亲情照护补贴"
)

// xuzhouLetter is a grade-3 conclusion in Xuzhou for a severely disabled
// person whose family carer is not trained.
func xuzhouLetter() Letter {
	decided := time.Date(2026, 11, 23, 2, 30, 0, 0, time.UTC)
	return Letter{
		Region: "徐州市", PolicyVersion: "2022.1", CaseID: "c-7f3a9e21",
		Person:     Person{Name: "张秀英", MaskedID: forms.ResidentID(residentID).Masked()},
		Instrument: Instrument{Name: "长期护理失能等级评估标准（试行）", ID: "national-2021", Version: "2021.1"},
		Scores: []Score{
			{Dimension: "日常生活活动能力", Score: 35, Max: 100, Level: "重度受损"},
			{Dimension: "认知能力", Score: 13, Max: 16, Level: "轻度受损"},
			{Dimension: "感知觉与沟通能力", Score: 10, Max: 12, Level: "轻度受损"},
		},
		Grade: Grade{Number: 3, Name: "重度失能Ⅰ级"}, Qualifies: true, DecidedOn: decided,
		Validity:     Validity{From: day(2026, 11, 23), Until: day(2028, 11, 22)},
		BenefitsFrom: day(2026, 11, 24),
		Reasons: []string{
			"日常生活活动能力重度受损，认知能力与感知觉与沟通能力中较重者为轻度受损，按组合法评定为重度失能Ⅰ级",
			"经两名评估专家确认，公示期内无异议",
		},
		Benefits: []BenefitLine{
			{CareForm: "机构生活照料（床日）", Unit: policy.PerDay, AmountFen: 6000, FundPercent: 75, FundPaysFen: 4500,
				Condition: "含重度残疾人员提高5个百分点", Clauses: []string{clauseBedDay, clauseBonus}},
			{CareForm: "协议医疗机构医疗服务（床日）", Unit: policy.PerDay, AmountFen: 5000, FundPercent: 85, FundPaysFen: 4250,
				Condition: "含重度残疾人员提高5个百分点", Clauses: []string{clauseBedDay, clauseBonus}},
			{CareForm: "上门照护服务包（月度限额）", Unit: policy.PerMonth, AmountFen: 90000, FundPercent: 100, FundPaysFen: 90000,
				Clauses: []string{clauseHome}},
			{CareForm: "亲情照护补贴", Unit: policy.PerDay, AmountFen: 1600, FundPercent: 100, FundPaysFen: 1600,
				Condition: "照护人员未通过培训，按80%支付", Clauses: []string{clauseFamily, clauseTraining}},
			{CareForm: "与亲情照护结合的机构上门照护（月度）", Unit: policy.PerMonth, AmountFen: 30000, FundPercent: 100, FundPaysFen: 30000,
				Clauses: []string{clauseFamily}},
			{CareForm: "驻外人员亲情照护现金补贴", Unit: policy.PerDay, AmountFen: 3000, FundPercent: 100, FundPaysFen: 3000,
				Condition: "限长期居住在本市以外的参保人员", Clauses: []string{clauseAbroad}},
		},
		Objection: Objection{Deadline: day(2026, 12, 8), LocalDefault: true,
			How: "向徐州市医疗保障局长期护理保险经办机构提交书面复核申请，或通过本系统提出异议；复核由其他评估机构或评估人员进行，争议由失能评定专家委员会复核裁决。"},
		Verification: Verification{Code: "XZ7K-4M2P-9QWD", URL: "https://ltc.example.gov.cn/verify"},
	}
}

// render renders the letter, failing the test on an error. With LTC_LETTER_OUT
// set to a folder, the PDF is also kept there under the test's name, to look at.
func render(t *testing.T, l Letter) []byte {
	t.Helper()
	needFont(t)
	pdf, err := Render(l)
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	if dir := os.Getenv("LTC_LETTER_OUT"); dir != "" {
		if err := os.WriteFile(filepath.Join(dir, t.Name()+".pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return pdf
}

// pdfText is the PDF's text as pdftotext reads it, pages separated by form feeds.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin := needTool(t, "pdftotext")
	path := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// compact drops all white space, so that a phrase wrapped over two lines is still found.
func compact(s string) string { return strings.Join(strings.Fields(s), "") }

func TestLetterPrintsTheConclusion(t *testing.T) {
	text := pdfText(t, render(t, xuzhouLetter()))
	flat := compact(text)
	for _, want := range []string{
		Title, "徐州市长期护理保险", "张秀英", "3203**********0022", "重度失能Ⅰ级",
		"2026年11月23日至2028年11月22日", "2026年11月24日", "2026年12月8日前（含当日）", "本地区默认设置",
		"45.00元/日", "900.00元/月", "16.00元/日", "XZ7K-4M2P-9QWD", "https://ltc.example.gov.cn/verify",
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("the letter does not print %q; its text:\n%s", want, text)
		}
	}
	if strings.Contains(flat, residentID) {
		t.Errorf("the letter prints the unmasked resident ID number %s", residentID)
	}
	if pages := strings.Count(text, "\f"); pages != 1 {
		t.Errorf("the letter has %d pages, want 1", pages)
	}
}

func TestLongStatementGoesOnASecondPage(t *testing.T) {
	l := xuzhouLetter()
	l.Benefits = append(l.Benefits, l.Benefits...)
	l.Benefits = append(l.Benefits, l.Benefits...)
	text := pdfText(t, render(t, l))
	if pages := strings.Count(text, "\f"); pages != 2 {
		t.Errorf("the letter has %d pages, want 2", pages)
	}
	if !strings.Contains(compact(text), "第2页共2页") || !strings.Contains(compact(text), Title+"（续）") {
		t.Errorf("the second page lacks its number or its heading; text:\n%s", text)
	}
}

func TestLetterThatDoesNotQualify(t *testing.T) {
	l := xuzhouLetter()
	l.Grade, l.Qualifies, l.Validity, l.BenefitsFrom, l.Benefits = Grade{Number: 1, Name: "轻度失能"}, false, Validity{}, time.Time{}, nil
	flat := compact(pdfText(t, render(t, l)))
	for _, want := range []string{"轻度失能", "未达到徐州市长期护理保险待遇享受等级", "2026年12月8日前"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the letter does not print %q", want)
		}
	}
	if strings.Contains(flat, "有效期") {
		t.Error("a letter that does not qualify prints a validity")
	}
}

func TestAnnualCap(t *testing.T) {
	l := xuzhouLetter()
	l.AnnualCap = &AnnualCap{AnnualFen: 1750000, HomeFen: 875000, Clauses: []string{"年度最高支付限额不超过上年度居民人均可支配收入的50%"}}
	if flat := compact(pdfText(t, render(t, l))); !strings.Contains(flat, "基金年度支付限额17500.00元，其中居家和社区护理8750.00元") {
		t.Errorf("the annual cap is not printed; text: %s", flat)
	}
	l.AnnualCap = &AnnualCap{Note: "年度支付限额按当年公布的居民人均可支配收入确定，尚未公布。"}
	if flat := compact(pdfText(t, render(t, l))); !strings.Contains(flat, "尚未公布") {
		t.Errorf("the pending annual cap is not printed; text: %s", flat)
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	first, second := render(t, xuzhouLetter()), render(t, xuzhouLetter())
	if !bytes.Equal(first, second) {
		t.Error("two renders of the same letter differ")
	}
	// The creation date is the decision's, never the clock's: 10:30 Beijing time, written in UTC.
	if !bytes.Contains(first, []byte("/CreationDate (D:20261123023000)")) {
		t.Error("the PDF's creation date is not the decision's, 2026-11-23 02:30 UTC")
	}
}

func TestMissingFontNamesThePackage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent.ttf")
	t.Setenv("LTC_PDF_FONT", path)
	_, err := Render(xuzhouLetter())
	if !errors.Is(err, ErrFontMissing) {
		t.Fatalf("Render without the font: %v, want ErrFontMissing", err)
	}
	for _, want := range []string{path, "apt-get install " + FontPackage, "LTC_PDF_FONT"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error %q does not say %q", err, want)
		}
	}
}

func TestFontThatIsNotTrueType(t *testing.T) {
	path := filepath.Join(t.TempDir(), "font.ttc")
	if err := os.WriteFile(path, []byte("ttcf\x00\x01\x00\x00"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("LTC_PDF_FONT", path)
	_, err := Render(xuzhouLetter())
	if err == nil || !strings.Contains(err.Error(), "cannot be embedded") || !strings.Contains(err.Error(), path) {
		t.Errorf("Render with a .ttc: %v, want an error naming the file and what is needed", err)
	}
}

func TestUnmaskedIDIsRefused(t *testing.T) {
	l := xuzhouLetter()
	l.Person.MaskedID = residentID
	pdf, err := Render(l)
	if err == nil || !strings.Contains(err.Error(), "not masked") || pdf != nil {
		t.Errorf("Render with a full resident ID: %v, want a refusal", err)
	}
}

// xuzhouPayment is what Xuzhou's policy says of payment for a person decided
// on 2026-11-23 who enrolled on 2026-11-10 and paid that day (a waiting
// period of 6 months from 2026-11-11), owes a contribution and is in hospital.
func xuzhouPayment(t *testing.T) []Payment {
	t.Helper()
	reg, err := policy.Load(forms.MustShipped(), "")
	if err != nil {
		t.Fatal(err)
	}
	p, _ := reg.Latest("xuzhou")
	who := policy.Person{Scheme: "employee", InHospital: true, BirthDate: day(1948, 5, 17), OnsetDate: day(2026, 1, 1),
		Enrolments: []policy.Enrolment{{Scheme: "employee", Start: day(2026, 11, 10), FullyPaidOn: day(2026, 11, 10), InArrears: true}}}
	var out []Payment
	for _, r := range p.Check(who, day(2026, 11, 23)).Payment {
		out = append(out, Payment{Text: r.Message.Zh, Clauses: []string{r.Clause}, LocalDefault: r.LocalDefault})
	}
	return out
}

// The letter says when payment may begin and what suspends it, with the
// dates and the clauses, so that the family is not left to wonder why
// nothing is paid from the stated first day.
func TestLetterSaysWhatMakesPaymentWait(t *testing.T) {
	l := xuzhouLetter()
	l.BenefitsFrom, l.Payment = day(2027, 5, 11), xuzhouPayment(t)
	text := pdfText(t, render(t, l))
	flat := compact(text)
	for _, want := range []string{
		"待遇支付：1．待遇等待期至2027年5月10日届满，自2027年5月11日起方可给付待遇",
		"2．参保缴费存在欠费：欠费期间暂停支付待遇，补足缴费后恢复支付",
		"3．住院期间不能同时享受长期护理保险待遇：住院期间暂停支付待遇，出院后恢复支付",
		"新参保人员设置6个月的待遇享受等待期", "欠费期间待遇不予支付", "不得同时享受住院待遇",
	} {
		if !strings.Contains(flat, compact(want)) {
			t.Errorf("the letter does not say %q; its text:\n%s", want, text)
		}
	}
}

// A date no seed gives is labelled where it stands: Xuzhou's validity is the
// seed's (评估结论的有效期为2年), its first day of benefits a local default;
// elsewhere the validity is a local default too.
func TestLocalDefaultsAreLabelledNextToTheirDates(t *testing.T) {
	l := xuzhouLetter()
	l.BenefitsFromLocalDefault = true
	flat := compact(pdfText(t, render(t, l)))
	for _, want := range []string{"待遇享受起始日：2026年11月24日（本地区默认设置）", "注：标明（本地区默认设置）的期限、日期和规则"} {
		if !strings.Contains(flat, want) {
			t.Errorf("Xuzhou: the letter does not say %q; its text:\n%s", want, flat)
		}
	}
	if strings.Contains(flat, "2028年11月22日（本地区默认设置）") {
		t.Errorf("Xuzhou's validity is the seed's, labelled as a local default; text:\n%s", flat)
	}
	l.Validity.LocalDefault = true
	if flat := compact(pdfText(t, render(t, l))); !strings.Contains(flat, "至2028年11月22日（本地区默认设置）") {
		t.Errorf("a validity by local default is not labelled; text:\n%s", flat)
	}
	l.Validity.LocalDefault, l.BenefitsFromLocalDefault = false, false
	l.Payment = []Payment{{Text: "待遇等待期至2027年5月10日届满，自2027年5月11日起方可给付待遇", Clauses: []string{"以后年度未按时足额缴费人员,视为新参保人员"}, LocalDefault: true}}
	flat = compact(pdfText(t, render(t, l)))
	if !strings.Contains(flat, "自2027年5月11日起方可给付待遇（本地区默认设置）[7]") || strings.Contains(flat, "2026年11月24日（本地区默认设置）") {
		t.Errorf("the payment's label, or a label where none is due; text:\n%s", flat)
	}
	l.Payment = nil
	if flat := compact(pdfText(t, render(t, l))); strings.Contains(flat, "注：标明") {
		t.Errorf("the note without a label to explain; text:\n%s", flat)
	}
}
