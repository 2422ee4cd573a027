package policy

import "time"

// Claimant is what the benefit statement needs beyond the grade.
type Claimant struct {
	Grade          int
	Scheme         string
	Groups         []string // of knownGroups, for fund bonuses
	UntrainedCarer bool     // family care given by a carer without the training
	History        History
	// BenefitsSince is the first day benefits were paid since the latest
	// re-enrolment, when an earlier decision paid them; zero when this
	// decision is the first. Jilin's first-year reduction runs from it.
	BenefitsSince time.Time
}

// Groups a fund bonus may name.
const (
	GroupStudent          = "student"           // 中小学校在籍学生、在校大学生
	GroupChild            = "child"             // 学龄前儿童: under six, the age school begins (义务教育法 第十一条)
	GroupMedicalAid       = "medical_aid"       // 医疗救助对象
	GroupSevereDisability = "severe_disability" // 重度残疾人员
)

var knownGroups = []string{GroupStudent, GroupChild, GroupMedicalAid, GroupSevereDisability}

// ClaimantOf is what the statement needs of a person applying at now; the
// caller adds the grade once decided.
func (p *Policy) ClaimantOf(who Person, now time.Time) Claimant {
	c := Claimant{Scheme: who.Scheme, History: p.History(who, now)}
	for _, g := range []struct {
		name string
		in   bool
	}{
		{GroupStudent, who.Student}, {GroupChild, age(who.BirthDate, now) < 6},
		{GroupMedicalAid, who.MedicalAid}, {GroupSevereDisability, who.SevereDisability},
	} {
		if g.in {
			c.Groups = append(c.Groups, g.name)
		}
	}
	return c
}
