// Package enrolment reads the insurance records eligibility needs (参保记录):
// enrolment periods, full-payment dates, arrears and a few facts about the
// person, imported by an administrator as CSV.
package enrolment

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/changhu/ltc"
	"github.com/changhu/ltc/forms"
	"github.com/changhu/ltc/policy"
)

// Columns is the CSV header, in this order. The name is the insured
// person's name as registered: an application must give the same.
var Columns = []string{"resident_id", "name", "region", "scheme", "start_date", "end_date", "fully_paid_on", "in_arrears",
	"back_paid_years", "student", "medical_aid", "severe_disability", "work_injury_care_allowance"}

// Facts are what the records say of the person, beyond enrolment.
type Facts struct {
	BackPaidYears           int
	Student                 bool
	MedicalAid              bool
	SevereDisability        bool
	WorkInjuryCareAllowance bool
}

// Record is one valid row: one enrolment period of one person in one region.
type Record struct {
	ResidentID string
	Name       string
	Region     string
	Enrolment  policy.Enrolment
	Facts      Facts
}

// RowError is why a row was refused; Line counts the header as line 1.
type RowError struct {
	Line    int      `json:"line"`
	Field   string   `json:"field"`
	Message ltc.Text `json:"message"`
}

// maxRows bounds one import, so a runaway file is refused, not half-loaded.
const maxRows = 200_000

// Parse reads a CSV file and checks every row, returning the good rows and
// every refusal; a bad header refuses the whole file.
func Parse(r io.Reader, knownRegion func(string) bool, now time.Time) ([]Record, []RowError, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(Columns)
	header, err := cr.Read()
	if err != nil || strings.Join(header, ",") != strings.Join(Columns, ",") {
		return nil, nil, ltc.Errorf(ltc.EInvalid, "CSV 表头必须是：%s", "the CSV header must be: %s", strings.Join(Columns, ","))
	}
	var (
		records []Record
		refused []RowError
	)
	for line := 2; ; line++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if line > maxRows+1 {
			return nil, nil, ltc.Errorf(ltc.EInvalid, "一次最多导入 %d 行", "at most %d rows per import", maxRows)
		}
		if err != nil {
			refused = append(refused, RowError{Line: line, Message: ltc.Text{Zh: "无法解析此行（列数或引号有误）", En: "cannot read this row (wrong number of columns or quotes)"}})
			continue
		}
		rec, problems := parseRow(row, knownRegion, now)
		for _, p := range problems {
			p.Line = line
			refused = append(refused, p)
		}
		if len(problems) == 0 {
			records = append(records, rec)
		}
	}
	return records, refused, nil
}

func parseRow(row []string, knownRegion func(string) bool, now time.Time) (Record, []RowError) {
	var problems []RowError
	bad := func(field, zh, en string) {
		problems = append(problems, RowError{Field: field, Message: ltc.Text{Zh: zh, En: en}})
	}
	col := map[string]string{}
	for i, name := range Columns {
		col[name] = strings.TrimSpace(row[i])
		if !ltc.CleanText(row[i]) {
			problems = append(problems, RowError{Field: name, Message: ltc.UncleanText(name).Message})
		}
	}
	if n := len([]rune(col["name"])); n < 2 || n > 30 {
		bad("name", "姓名须为 2–30 个字", "name must be 2–30 characters")
	}
	id, ok := forms.ParseResidentID(col["resident_id"], now)
	if !ok {
		bad("resident_id", "公民身份号码无效", "not a valid resident ID number")
	}
	if !knownRegion(col["region"]) {
		bad("region", "地区不符：只能导入本地区的参保记录", "region: only records of your own region can be imported")
	}
	if col["scheme"] != "employee" && col["scheme"] != "resident" {
		bad("scheme", "参保险种须为 employee 或 resident", "scheme must be employee or resident")
	}
	date := func(field string, required bool) time.Time {
		if col[field] == "" && !required {
			return time.Time{}
		}
		d, err := time.ParseInLocation(time.DateOnly, col[field], ltc.China)
		if err != nil {
			bad(field, "日期格式须为 YYYY-MM-DD", "the date must be YYYY-MM-DD")
		}
		return d
	}
	flag := func(field string) bool {
		switch col[field] {
		case "true", "1", "是", "":
			return col[field] != ""
		case "false", "0", "否":
			return false
		}
		bad(field, "须为 true/false", "must be true or false")
		return false
	}
	e := policy.Enrolment{Scheme: col["scheme"], Start: date("start_date", true), End: date("end_date", false),
		FullyPaidOn: date("fully_paid_on", false), InArrears: flag("in_arrears")}
	if !e.End.IsZero() && !e.End.After(e.Start) {
		bad("end_date", "终止日期须晚于开始日期", "end_date must be after start_date")
	}
	years, err := strconv.Atoi(defaultTo(col["back_paid_years"], "0"))
	if err != nil || years < 0 || years > 100 {
		bad("back_paid_years", "补缴年数须为 0–100 的整数", "back_paid_years must be a whole number 0–100")
	}
	facts := Facts{BackPaidYears: years, Student: flag("student"), MedicalAid: flag("medical_aid"),
		SevereDisability: flag("severe_disability"), WorkInjuryCareAllowance: flag("work_injury_care_allowance")}
	return Record{ResidentID: string(id), Name: col["name"], Region: col["region"], Enrolment: e, Facts: facts}, problems
}

func defaultTo(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// Report is what an import did.
type Report struct {
	Rows      int        `json:"rows"`
	Inserted  int        `json:"inserted"`
	Updated   int        `json:"updated"`
	Unchanged int        `json:"unchanged"`
	Refused   []RowError `json:"refused"`
	// Changed are the people whose records this import changed: their open
	// cases re-read them.
	Changed []string `json:"-"`
}

// String summarises the report for logs and the command line.
func (r Report) String() string {
	return fmt.Sprintf("%d rows: %d inserted, %d updated, %d unchanged, %d refused", r.Rows, r.Inserted, r.Updated, r.Unchanged, len(r.Refused))
}

// CountLines counts the distinct lines among row errors (a row may have several).
func CountLines(errs []RowError) int {
	n, last := 0, 0
	for _, e := range errs {
		if e.Line != last {
			n, last = n+1, e.Line
		}
	}
	return n
}
