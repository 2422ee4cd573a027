// Package letter renders the conclusion letter (评估结论书) as a PDF with a
// Chinese font embedded: the document a family keeps, prints and may object to.
package letter

import "time"

// Letter is everything the conclusion letter prints. The caller fills it from the
// case, its decision and the region's policy. Dates print as Beijing dates.
type Letter struct {
	Region        string // the region's name in Chinese: 徐州市
	PolicyVersion string
	CaseID        string // a short form is enough: it only helps a caseworker find the case
	Person        Person
	Instrument    Instrument
	Scores        []Score
	Grade         Grade
	Qualifies     bool
	DecidedOn     time.Time // also the PDF's creation date, so that the same letter gives the same bytes
	Validity      Validity  // zero when the conclusion does not qualify
	BenefitsFrom  time.Time // zero when the conclusion does not qualify
	// BenefitsFromLocalDefault: the first day comes from the region's default
	// setting, not its policy text (the day after the decision, where no seed says).
	BenefitsFromLocalDefault bool
	Reasons                  []string
	Benefits                 []BenefitLine
	AnnualCap                *AnnualCap // nil where the region has no annual cap
	Payment                  []Payment  // what makes payment wait or suspends it; none when it starts as stated
	Objection                Objection
	Verification             Verification
}

// Person is the insured person. MaskedID must already be masked
// (3203**********1234): the letter never sees the full number.
type Person struct {
	Name     string
	MaskedID string
}

// Instrument is the scoring form that graded the person, as the case recorded it.
type Instrument struct {
	Name    string // in Chinese: 长期护理失能等级评估标准（试行）
	ID      string // national-2021
	Version string
}

// Score is one dimension's result: 日常生活活动能力 35 of 100, 重度受损.
type Score struct {
	Dimension string
	Score     int
	Max       int
	Level     string
}

// Grade is the disability grade: 3, 重度失能Ⅰ级.
type Grade struct {
	Number int
	Name   string
}

// Validity is the period the conclusion is in force; Until is its last day.
type Validity struct {
	From         time.Time
	Until        time.Time
	LocalDefault bool // its length is the region's default setting, not from its policy text
}

// BenefitLine is one care form of the benefit statement. Amounts are in fen.
type BenefitLine struct {
	CareForm    string // 机构生活照料（床日）
	Unit        string // policy.PerDay, policy.PerMonth or policy.OfCost
	AmountFen   int64  // the standard or limit; unused for policy.OfCost
	FundPercent int
	FundPaysFen int64    // unused for policy.OfCost
	Condition   string   // when the line applies or is reduced, if it does not always
	Clauses     []string // the policy text behind the figures
}

// AnnualCap is the yearly limit on what the fund pays. Note replaces the figures
// while they are not yet published.
type AnnualCap struct {
	AnnualFen int64
	HomeFen   int64 // the part for home and community care; 0 if the region sets none
	Note      string
	Clauses   []string
}

// Payment is one thing that makes payment wait or suspends it (a waiting
// period, arrears, a hospital stay): the sentence the person reads, with its
// dates and what ends it, and the rules behind it.
type Payment struct {
	Text         string
	Clauses      []string
	LocalDefault bool // a rule behind it is the region's default setting, not its policy text
}

// Objection is how and by when the person may ask for a review (复核).
type Objection struct {
	Deadline     time.Time
	How          string // where and how to object
	LocalDefault bool   // the deadline is the region's default setting, not from its policy text
}

// Verification lets anyone check the letter: the code and the address to enter it at.
type Verification struct {
	Code string
	URL  string
}
