package enrolment

import (
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func demoOnly(region string) bool { return region == "demo" }

const header = "resident_id,name,region,scheme,start_date,end_date,fully_paid_on,in_arrears,back_paid_years,student,medical_aid,severe_disability,work_injury_care_allowance\n"

func TestEveryRowIsCheckedAndEveryProblemNamed(t *testing.T) {
	csv := header +
		"11010519491231002X,张三,demo,employee,2019-01-01,,2019-01-01,false,0,false,false,false,false\n" + // good
		"110105194912310021,李四,demo,employee,2019-01-01,,,false,0,false,false,false,false\n" + // check character
		"11010519491231002X,王\x00五,xuzhou,farmer,2019-13-01,2018-01-01,,maybe,-1,false,false,false,false\n" + // many
		"too,few\n"
	records, refused, err := Parse(strings.NewReader(csv), demoOnly, now)
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 1 || records[0].Name != "张三" || records[0].Enrolment.Start.Year() != 2019 {
		t.Fatalf("records %+v", records)
	}
	fields := map[int][]string{}
	for _, r := range refused {
		fields[r.Line] = append(fields[r.Line], r.Field)
		if r.Message.Zh == "" || r.Message.En == "" {
			t.Errorf("line %d %s: no message", r.Line, r.Field)
		}
	}
	want := map[int]string{
		3: "[resident_id]",
		4: "[name region scheme start_date in_arrears back_paid_years]",
		5: "[]",
	}
	for line, w := range want {
		if got := strings.Join(fields[line], " "); "["+got+"]" != w {
			t.Errorf("line %d: fields %v, want %s", line, fields[line], w)
		}
	}
	if n := CountLines(refused); n != 3 {
		t.Errorf("%d refused lines, want 3", n)
	}
}

func TestAWrongHeaderRefusesTheFile(t *testing.T) {
	old := "resident_id,region,scheme,start_date,end_date,fully_paid_on,in_arrears,back_paid_years,student,medical_aid,severe_disability,work_injury_care_allowance\n"
	if _, _, err := Parse(strings.NewReader(old), demoOnly, now); err == nil {
		t.Fatal("a header without the name column was taken")
	}
}
